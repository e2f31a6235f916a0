"""The inventory list's filters (django-filter)."""

import django_filters
from django.db.models import Q

from accounts.models import Agency
from hub import search
from inventory.models import Classification, DatasetStatus
from inventory.permissions import fields_visible_filter
from inventory.selectors import year_start
from sharing.models import DataCategory


class DatasetFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    agency = django_filters.ModelChoiceFilter(
        queryset=Agency.objects.filter(active=True).order_by("name"), empty_label="Any agency"
    )
    classification = django_filters.ChoiceFilter(
        choices=Classification.choices, empty_label="Any classification"
    )
    category = django_filters.ModelChoiceFilter(
        label="Data category",
        queryset=DataCategory.objects.order_by("name"),
        method="in_category",
        empty_label="Any category",
    )
    high_value = django_filters.BooleanFilter(
        label="High value",
        widget=django_filters.widgets.BooleanWidget(),
    )
    status = django_filters.ChoiceFilter(
        choices=DatasetStatus.choices, empty_label="Any status", method="with_status"
    )

    review = django_filters.ChoiceFilter(
        label="Annual review",
        choices=[("due", "Due for review this year")],
        empty_label="Any",
        method="review_due",
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(status=DatasetStatus.ACTIVE)
        return queryset

    def review_due(self, queryset, name, value):
        start = year_start()
        return queryset.filter(Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=start))

    def with_status(self, queryset, name, value):
        return queryset.filter(status=value)

    def search(self, queryset, name, value):
        """Titles of every entry; the details (description, keywords) only of entries whose
        details the user may read."""
        query, _ = search.build_query(value, search.synonyms())  # the curators' synonyms too
        return queryset.filter(
            Q(title__icontains=value) | (Q(search_vector=query) & fields_visible_filter(self.user))
        )

    def in_category(self, queryset, name, value):
        # Categories are details: only entries whose details the user may read match.
        return queryset.filter(fields_visible_filter(self.user), categories=value)
