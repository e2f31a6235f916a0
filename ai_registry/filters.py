"""The statewide inventory's filters: stage, risk tier, agency (owner or joined), kind."""

import django_filters
from django.db.models import Exists, OuterRef, Q

from accounts.models import Agency
from ai_registry.models import UseCaseAgency
from ai_registry.states import Kind, RiskTier, Stage, State


class InventoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Words")
    stage = django_filters.ChoiceFilter(choices=Stage.choices, empty_label="Any stage")
    risk_tier = django_filters.ChoiceFilter(
        choices=RiskTier.choices, label="Risk tier", empty_label="Any risk tier"
    )
    agency = django_filters.ChoiceFilter(
        method="filter_agency", label="Agency", empty_label="Any agency"
    )
    kind = django_filters.ChoiceFilter(
        choices=Kind.choices, label="Kind of AI", empty_label="Any kind"
    )
    state = django_filters.ChoiceFilter(
        choices=State.choices, label="Review status", empty_label="Any status"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = Agency.objects.order_by("name").values_list("pk", "name")
        self.filters["agency"].extra["choices"] = [(str(pk), name) for pk, name in agencies]

    def filter_agency(self, queryset, name, value):
        joined = UseCaseAgency.objects.filter(use_case=OuterRef("pk"), agency_id=value)
        return queryset.filter(Q(agency_id=value) | Q(Exists(joined)))

    def filter_q(self, queryset, name, value):
        from hub import search

        if not value.strip():
            return queryset
        query, _ = search.build_query(value, search.synonyms())  # the curators' synonyms too
        return queryset.filter(search_vector=query)
