"""Reads of the inventory: the list, the site search, agreements covering a dataset, the
annual review and the curators' completeness table."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from inventory.models import Dataset
from sharing.states import AGREEMENT_STATES


def catalog():
    """Every entry's catalog line, with what the list shows in the same query."""
    return Dataset.objects.select_related("agency", "owner", "steward")


def covering_agreements(dataset):
    """Sharing agreements (executed at some point) that name the dataset."""
    return (
        dataset.requests.filter(state__in=AGREEMENT_STATES)
        .select_related("requesting_agency", "providing_agency")
        .order_by("-effective_date", "-pk")
    )


def year_start(today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    return datetime.date(today.year, 1, 1)


def due_for_review(agency_id, today: datetime.date | None = None):
    """Active entries not reviewed this calendar year (due by 31 December)."""
    return (
        Dataset.objects.active()
        .filter(agency_id=agency_id)
        .filter(Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=year_start(today)))
        .order_by("title", "id")
    )


def missing_fields_q() -> Q:
    """An entry is incomplete without a description, a contact, an update frequency or a
    data category (needs the `has_category` annotation of `with_has_category`)."""
    return (
        Q(description="")
        | Q(update_frequency="")
        | (Q(owner__isnull=True) & Q(owner_email=""))
        | Q(has_category=False)
    )


def with_has_category(queryset):
    through = Dataset.categories.through
    return queryset.annotate(has_category=Exists(through.objects.filter(dataset_id=OuterRef("pk"))))


def completeness(today: datetime.date | None = None) -> list[dict]:
    """Per agency with active entries: entries, reviewed this year, with missing fields.
    One query (FILTER aggregates) whatever the number of agencies."""
    start = year_start(today)
    return list(
        with_has_category(Dataset.objects.active())
        .values("agency_id", "agency__code", "agency__name")
        .annotate(
            entries=Count("id"),
            reviewed=Count("id", filter=Q(last_reviewed__gte=start)),
            incomplete=Count("id", filter=missing_fields_q()),
        )
        .order_by("agency__name")
    )
