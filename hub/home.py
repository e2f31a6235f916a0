"""The resource hub's work for the home page: a curator's broken links and overdue reviews."""

from django.urls import reverse

from hub import permissions, selectors
from hub.home_tasks import Task


def home_tasks(user) -> list[Task]:
    if not permissions.is_curator(user):
        return []
    url = reverse("hub:curation")
    tasks = []
    broken = selectors.broken_links().count()
    if broken:
        text = "resource link is broken" if broken == 1 else "resource links are broken"
        tasks.append(Task("Resources", text, url + "#broken-heading", broken))
    overdue = selectors.past_review().count()
    if overdue:
        text = (
            "resource is past its review date"
            if overdue == 1
            else "resources are past their review date"
        )
        tasks.append(Task("Resources", text, url + "#review-heading", overdue))
    return tasks
