"""django-filter filter sets for the work queue and the agreement register."""

import datetime

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts.models import Agency
from sharing.models import AGREEMENT_STATES, DataCategory, LegalFramework, SharingRequest, State
from sharing.selectors import overdue_close_out_filter


class QueueFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=State.choices, empty_label="Any state")
    q = django_filters.CharFilter(method="filter_q", label="Title contains")

    def filter_q(self, queryset, name, value):
        return queryset.filter(title__icontains=value.strip()) if value.strip() else queryset


class RegisterFilter(django_filters.FilterSet):
    """The register's filters; the agency and category lists are read once per page, as
    plain rows (a model choice field would read each through a server-side cursor)."""

    agency = django_filters.ChoiceFilter(
        method="filter_agency", label="Agency (either party)", empty_label="Any agency"
    )
    category = django_filters.ChoiceFilter(
        field_name="categories__key",  # one category per filter: the join yields no duplicates
        label="Data category",
        empty_label="Any category",
    )
    status = django_filters.ChoiceFilter(
        field_name="state",
        choices=[(s.value, s.label) for s in AGREEMENT_STATES],
        label="Status",
        empty_label="Any status",
    )
    expires_before = django_filters.DateFilter(
        field_name="expiry_date",
        lookup_expr="lte",
        label="Expires on or before",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )

    framework = django_filters.ChoiceFilter(
        method="filter_framework", label="Legal framework", empty_label="Any framework"
    )
    expires_within = django_filters.ChoiceFilter(
        method="filter_expires_within",
        label="Expiry window",
        empty_label="Any expiry",
        choices=[
            ("30", "Expires within 30 days"),
            ("90", "Expires within 90 days"),
            ("180", "Expires within 180 days"),
            ("365", "Expires within a year"),
            ("past", "Past its expiry date"),
        ],
    )
    # The matrix's cells link here: the agreements from one agency to another, active now.
    providing = django_filters.NumberFilter(field_name="providing_agency_id")
    receiving = django_filters.NumberFilter(field_name="requesting_agency_id")
    active = django_filters.ChoiceFilter(
        method="filter_active", choices=[("1", "Active now")], empty_label="Any"
    )
    closeout = django_filters.ChoiceFilter(
        method="filter_closeout",
        label="Close-out",
        empty_label="Any close-out",
        choices=[
            ("overdue", "Overdue: past term, destruction not certified"),
            ("to_verify", "Certificate awaiting verification"),
            ("certified", "Destruction certified"),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.order_by("name").values_list("pk", "name")
        self.filters["agency"].extra["choices"] = [(str(pk), name) for pk, name in agencies]
        categories = DataCategory.objects.order_by("name").values_list("key", "name")
        self.filters["category"].extra["choices"] = list(categories)
        frameworks = LegalFramework.objects.order_by("name").values_list("slug", "name")
        self.filters["framework"].extra["choices"] = list(frameworks)

    def count(self, queryset):
        """How many rows of `queryset` these filters keep. The register counts the plain
        agreements: its rows' certificate join and category names cost the count ~10 ms
        at scale instead of ~3, and change no count (one certificate per agreement)."""
        if not self.is_bound:
            return queryset.count()
        self.errors  # noqa: B018  # validates the form, as `qs` does before filtering
        return self.filter_queryset(queryset).count()

    def filter_agency(self, queryset, name, value):
        return queryset.filter(Q(requesting_agency_id=value) | Q(providing_agency_id=value))

    def filter_closeout(self, queryset, name, value):
        if value == "overdue":
            return queryset.filter(overdue_close_out_filter(timezone.localdate()))
        if value == "to_verify":
            return queryset.filter(
                destruction_certificate__isnull=False,
                destruction_certificate__verified_at__isnull=True,
            )
        return queryset.filter(destruction_certificate__isnull=False)

    def filter_framework(self, queryset, name, value):
        """Agreements with a data category the framework governs (EXISTS: no duplicates)."""
        governed = SharingRequest.categories.through.objects.filter(
            sharingrequest_id=OuterRef("pk"), datacategory__frameworks__slug=value
        )
        return queryset.filter(Exists(governed))

    def filter_expires_within(self, queryset, name, value):
        today = timezone.localdate()
        if value == "past":
            return queryset.filter(expiry_date__lt=today)
        end = today + datetime.timedelta(days=int(value))
        return queryset.filter(expiry_date__gte=today, expiry_date__lte=end)

    def filter_active(self, queryset, name, value):
        return queryset.filter(state=State.EXECUTED, expiry_date__gte=timezone.localdate())
