from django.shortcuts import render


def index(request):
    """The data-sharing guidance home."""
    return render(request, "sharing/index.html")
