from django.shortcuts import render


def home(request):
    """The signed-in landing page: who you are and where to go."""
    return render(request, "hub/home.html")


def resource_index(request):
    """The resource catalog's entry page."""
    return render(request, "hub/resource_index.html")
