from django.shortcuts import render


def home(request):
    """The signed-in landing page: who you are and where to go."""
    return render(request, "hub/home.html")
