"""Data sharing's tasks for the home page: requests waiting on the user, agreements expiring.

Two counts read from small partial indexes: fast enough from the database, so not cached.
"""

from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone

from hub.home_tasks import Task
from sharing import permissions
from sharing.models import SharingRequest, State
from sharing.selectors import waiting_on

EXPIRY_NOTICE_DAYS = 90


def task_counts(user, today) -> dict:
    """How many requests wait on the user, and how many of their agency's agreements expire.

    Each count filters in SQL to the open or executed rows it counts, read from the small
    partial indexes `sharing_req_open` and `sharing_req_executed_exp`.
    """
    visible = SharingRequest.objects.visible_to(user)
    mine = Q(requesting_agency_id=user.agency_id) | Q(providing_agency_id=user.agency_id)
    soon = today + timedelta(days=EXPIRY_NOTICE_DAYS)
    waiting = visible.filter(waiting_on(user)).aggregate(n=Count("pk"), oldest=Min("updated_at"))
    return {
        "waiting": waiting["n"],
        "oldest": waiting["oldest"],
        "expiring": visible.filter(mine, state=State.EXECUTED, expiry_date__lte=soon).count(),
    }


def waited(days: int) -> str:
    if days == 0:
        return "The oldest arrived today"
    return f"Oldest waiting {days} day{'' if days == 1 else 's'}"


def expiring_filter(user, today) -> dict:
    """The register's filter that lists the agreements counted as expiring."""
    soon = today + timedelta(days=EXPIRY_NOTICE_DAYS)
    return {"agency": user.agency_id, "status": State.EXECUTED, "expires_before": soon}


def home_tasks(user) -> list[Task]:
    if not (permissions.sees_all_requests(user) or permissions.is_data_officer(user)):
        return []
    today = timezone.localdate()
    counts = task_counts(user, today)
    tasks = []
    if counts["waiting"]:
        days = (timezone.now() - counts["oldest"]).days
        tasks.append(
            Task(
                "Data sharing",
                "request waiting on you" if counts["waiting"] == 1 else "requests waiting on you",
                reverse("sharing:request_list") + "?view=mine",
                counts["waiting"],
                waited(days),
            )
        )
    if counts["expiring"]:
        n = counts["expiring"]
        tasks.append(
            Task(
                "Data sharing",
                f"{'agreement expires' if n == 1 else 'agreements expire'} within "
                f"{EXPIRY_NOTICE_DAYS} days",
                reverse("sharing:register") + "?" + urlencode(expiring_filter(user, today)),
                n,
                "Your agency's, as provider or receiver",
            )
        )
    return tasks
