"""The inventory's work for the home page: a data officer's entries due for the annual
review (by 31 December, CGS 4-67p)."""

from django.urls import reverse

from accounts.roles import is_data_officer
from hub.home_tasks import Task
from inventory import selectors


def home_tasks(user) -> list[Task]:
    if not is_data_officer(user):
        return []
    due = selectors.due_for_review(user.agency_id).count()
    if not due:
        return []
    text = (
        "inventory entry is due for its annual review"
        if due == 1
        else "inventory entries are due for their annual review"
    )
    url = reverse("inventory:list") + f"?agency={user.agency_id}&review=due"
    return [Task("Data inventory", text, url, due, "Review each one by 31 December.")]
