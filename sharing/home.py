"""Data sharing's tasks for the home page: requests waiting on the user, agreements expiring.

Two counts read from small partial indexes: fast enough from the database, so not cached.
"""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from hub.home_tasks import Task
from sharing import permissions
from sharing.models import DestructionCertificate, SharingRequest, State
from sharing.selectors import overdue_close_out_filter, waiting_on

EXPIRY_NOTICE_DAYS = 90


def task_counts(user, today) -> dict:
    """How many requests wait on the user, and how many of their agency's agreements expire.

    Each count filters in SQL to the open or executed rows it counts, read from the small
    partial indexes `sharing_req_open` and `sharing_req_executed_exp`.
    """
    visible = SharingRequest.objects.visible_to(user)
    mine = Q(requesting_agency_id=user.agency_id) | Q(providing_agency_id=user.agency_id)
    soon = today + timedelta(days=EXPIRY_NOTICE_DAYS)
    overdue = overdue_close_out_filter(today)
    if not permissions.sees_all_requests(user):
        overdue &= mine
    # One query for both: the agency's agreements expiring, and those overdue for close-out.
    agreements = visible.filter(
        Q(mine, state=State.EXECUTED, expiry_date__lte=soon) | overdue
    ).aggregate(
        expiring=Count("pk", filter=Q(mine, state=State.EXECUTED, expiry_date__lte=soon)),
        overdue=Count("pk", filter=overdue),
    )
    counts = {"waiting": visible.filter(waiting_on(user)).count(), **agreements}
    counts["to_verify"] = 0
    if permissions.sees_all_requests(user):
        counts["to_verify"] = DestructionCertificate.objects.filter(
            verified_at__isnull=True, request__state__in=permissions.CLOSE_OUT_STATES
        ).count()
    return counts


def home_tasks(user) -> list[Task]:
    if not (permissions.sees_all_requests(user) or permissions.is_data_officer(user)):
        return []
    counts = task_counts(user, timezone.localdate())
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
    if counts["overdue"]:
        tasks.append(
            Task(
                "Data sharing",
                f"{counts['overdue']} agreement(s) past their term, overdue for close-out "
                "(destruction not certified)",
                reverse("sharing:register") + "?closeout=overdue",
            )
        )
    if counts["to_verify"]:
        tasks.append(
            Task(
                "Data sharing",
                f"{counts['to_verify']} destruction certificate(s) to verify",
                reverse("sharing:register") + "?closeout=to_verify",
            )
        )
    return tasks
