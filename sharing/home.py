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
    waiting = visible.filter(waiting_on(user)).aggregate(n=Count("pk"), oldest=Min("updated_at"))
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
    counts = {"waiting": waiting["n"], "oldest": waiting["oldest"], **agreements}
    counts["to_verify"] = 0
    if permissions.sees_all_requests(user):
        counts["to_verify"] = DestructionCertificate.objects.filter(
            verified_at__isnull=True, request__state__in=permissions.CLOSE_OUT_STATES
        ).count()
    return counts


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
    if counts["overdue"]:
        n = counts["overdue"]
        tasks.append(
            Task(
                "Data sharing",
                f"{'agreement' if n == 1 else 'agreements'} past their term, overdue for close-out",
                reverse("sharing:register") + "?closeout=overdue",
                n,
                "Destruction not certified",
            )
        )
    if counts["to_verify"]:
        n = counts["to_verify"]
        tasks.append(
            Task(
                "Data sharing",
                f"destruction {'certificate' if n == 1 else 'certificates'} to verify",
                reverse("sharing:register") + "?closeout=to_verify",
                n,
            )
        )
    return tasks
