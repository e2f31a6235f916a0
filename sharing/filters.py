"""django-filter filter sets for the work queue and the agreement register."""

import django_filters
from django.db.models import Q

from accounts.models import Agency
from sharing.models import AGREEMENT_STATES, DataCategory, State


class QueueFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=State.choices, empty_label="Any state")
    q = django_filters.CharFilter(method="filter_q", label="Title contains")

    def filter_q(self, queryset, name, value):
        return queryset.filter(title__icontains=value.strip()) if value.strip() else queryset


class RegisterFilter(django_filters.FilterSet):
    agency = django_filters.ModelChoiceFilter(
        queryset=Agency.objects.order_by("name"),
        method="filter_agency",
        label="Agency (either party)",
        empty_label="Any agency",
    )
    category = django_filters.ModelChoiceFilter(
        queryset=DataCategory.objects.order_by("name"),
        field_name="categories",  # one category per filter: the join yields no duplicates
        to_field_name="key",
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

    def filter_agency(self, queryset, name, value):
        return queryset.filter(Q(requesting_agency=value) | Q(providing_agency=value))
