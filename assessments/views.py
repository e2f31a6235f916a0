from django.shortcuts import render


def index(request):
    """The needs assessment's entry page: survey cycles."""
    return render(request, "assessments/index.html")
