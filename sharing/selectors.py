"""Reads: guidance search, the work queue, the register, the matrix, overlapping agreements."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from sharing import permissions
from sharing.models import (
    LegalFramework,
    SharingRequest,
    State,
)


def search_frameworks(query: str = "", category_key: str = ""):
    """Frameworks matching words in name, summary, citation or disclosure (case-insensitive)."""
    frameworks = LegalFramework.objects.prefetch_related("categories")
    for word in query.split()[:8]:
        frameworks = frameworks.filter(
            Q(name__icontains=word)
            | Q(summary__icontains=word)
            | Q(citation__icontains=word)
            | Q(disclosure__icontains=word)
            | Q(slug__icontains=word)
        )
    if category_key:
        frameworks = frameworks.filter(categories__key=category_key)
    return frameworks.distinct().order_by("name")


def waiting_on(user) -> Q:
    """Requests whose next step is this user's."""
    q = Q(pk__in=[])
    if permissions.is_reviewer(user):
        q |= Q(state__in=[State.SUBMITTED, State.IN_REVIEW, State.APPROVED])
    elif permissions.is_curator(user):
        q |= Q(state=State.APPROVED)
    if permissions.is_data_officer(user):
        q |= Q(
            requesting_agency_id=user.agency_id,
            state__in=[State.DRAFT, State.CHANGES_REQUESTED],
        )
        q |= Q(providing_agency_id=user.agency_id, state__in=[State.SUBMITTED, State.IN_REVIEW])
    return q


def work_queue(user, *, mine: bool = True):
    requests = SharingRequest.objects.visible_to(user)
    if mine:
        requests = requests.filter(waiting_on(user))
    return requests.select_related("requesting_agency", "providing_agency").order_by(
        "-updated_at", "-id"
    )


def agreements():
    """Executed agreements (and those that expired, ended or closed), statewide."""
    return (
        SharingRequest.objects.agreements()
        .select_related("requesting_agency", "providing_agency")
        .prefetch_related("categories")
        .order_by("providing_agency__name", "requesting_agency__name", "expiry_date", "id")
    )


def sharing_matrix():
    """Active agreements counted by (providing, receiving) agency, computed in SQL."""
    today = timezone.localdate()
    rows = (
        SharingRequest.objects.filter(state=State.EXECUTED, expiry_date__gte=today)
        .values(
            "providing_agency__code",
            "providing_agency__name",
            "requesting_agency__code",
            "requesting_agency__name",
        )
        .annotate(count=Count("id"))
    )
    providers, receivers, counts = {}, {}, {}
    for row in rows:
        providers[row["providing_agency__code"]] = row["providing_agency__name"]
        receivers[row["requesting_agency__code"]] = row["requesting_agency__name"]
        counts[(row["providing_agency__code"], row["requesting_agency__code"])] = row["count"]
    providers = sorted(providers.items())
    receivers = sorted(receivers.items())
    table = [
        (code, name, [counts.get((code, r), 0) for r, _n in receivers]) for code, name in providers
    ]
    return {"receivers": receivers, "rows": table}


def overlapping_agreements(
    requesting_agency_id, providing_agency_id, category_ids, exclude_pk=None
):
    """Active agreements between the same two agencies (either way) sharing a category."""
    if not category_ids:
        return SharingRequest.objects.none()
    today = timezone.localdate()
    pair = Q(requesting_agency_id=requesting_agency_id, providing_agency_id=providing_agency_id)
    pair |= Q(requesting_agency_id=providing_agency_id, providing_agency_id=requesting_agency_id)
    found = SharingRequest.objects.filter(
        pair,
        state=State.EXECUTED,
        effective_date__lte=today,
        expiry_date__gte=today,
        categories__in=list(category_ids),
    )
    if exclude_pk:
        found = found.exclude(pk=exclude_pk)
    return found.distinct().select_related("requesting_agency", "providing_agency")


def expiring_between(start: datetime.date, end: datetime.date):
    return SharingRequest.objects.filter(
        state=State.EXECUTED, expiry_date__gte=start, expiry_date__lte=end
    ).select_related("requesting_agency", "providing_agency")
