"""Data sharing's tasks for the home page: requests waiting on the user, agreements expiring."""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from hub.home_tasks import Task
from sharing import permissions
from sharing.models import SharingRequest, State
from sharing.selectors import waiting_on


def home_tasks(user) -> list[Task]:
    if not (permissions.sees_all_requests(user) or permissions.is_data_officer(user)):
        return []
    soon = timezone.localdate() + timedelta(days=90)
    mine = Q(requesting_agency_id=user.agency_id) | Q(providing_agency_id=user.agency_id)
    counts = SharingRequest.objects.visible_to(user).aggregate(
        waiting=Count("pk", filter=waiting_on(user)),
        expiring=Count("pk", filter=Q(state=State.EXECUTED, expiry_date__lte=soon) & mine),
    )
    tasks = []
    if counts["waiting"]:
        tasks.append(
            Task(
                "Data sharing",
                f"{counts['waiting']} request(s) waiting on you",
                reverse("sharing:request_list"),
            )
        )
    if counts["expiring"]:
        tasks.append(
            Task(
                "Data sharing",
                f"{counts['expiring']} of your agency's agreements expire within 90 days",
                reverse("sharing:register"),
            )
        )
    return tasks
