from django.shortcuts import render

from hub.home_tasks import tasks_for


def home(request):
    """The signed-in landing page: who you are and where to go."""
    return render(request, "hub/home.html", {"tasks": tasks_for(request.user)})
