"""The resource hub's work for the home page: a curator's broken links and overdue reviews."""

from django.urls import reverse

from hub import permissions, selectors, suggestions
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
    suggested = suggestions.open_count()
    if suggested:
        text = "resource suggestion is open" if suggested == 1 else "resource suggestions are open"
        admin_url = reverse("admin:hub_resourcesuggestion_changelist") + "?status__exact=open"
        tasks.append(Task("Resources", text, admin_url, suggested))
    return tasks
