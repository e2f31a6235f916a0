"""Reads of AI use cases: the inventory, one use case, similar ones at intake, site search."""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import F, Prefetch, Q

from ai_registry import permissions
from ai_registry.models import UseCase, UseCaseAgency
from ai_registry.states import Stage, State
from inventory.models import Dataset

CONFIG = "english"
WORD_RE = re.compile(r"[a-z0-9]+")


def inventory(user):
    """The use cases the user may see, with what a list row shows (a fixed number of queries)."""
    return (
        UseCase.objects.visible_to(user)
        .select_related("agency")
        .prefetch_related(
            Prefetch("participants", queryset=UseCaseAgency.objects.select_related("agency")),
            "data_categories",
        )
    )


def use_case(pk):
    return (
        UseCase.objects.select_related("agency", "created_by")
        .prefetch_related(
            Prefetch("participants", queryset=UseCaseAgency.objects.select_related("agency")),
            "data_categories",
            Prefetch("datasets", queryset=Dataset.objects.select_related("agency")),
            "logs__actor",
        )
        .filter(pk=pk)
        .first()
    )


def any_words_query(text: str) -> SearchQuery | None:
    """A query matching any of the text's words (stemmed), for "similar" rather than "all"."""
    words = WORD_RE.findall(text.lower())[:40]
    if not words:
        return None
    return SearchQuery(" | ".join(dict.fromkeys(words)), search_type="raw", config=CONFIG)


def similar(user, text: str, limit: int = 5, exclude_pk=None) -> list:
    """Use cases like the text typed at intake, best first: those the user may see, and those
    whose agency let others find them (only their title, agency, stage and kind are shown)."""
    query = any_words_query(text)
    if query is None:
        return []
    findable = permissions.visible_filter(user) | (
        Q(open_to_partners=True) & ~Q(state=State.NOT_APPROVED)
    )
    found = (
        UseCase.objects.filter(findable, search_vector=query)
        .exclude(pk=exclude_pk)
        .exclude(stage=Stage.RETIRED)
        .select_related("agency")
        .prefetch_related("participants")
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "-id")[:limit]
    )
    return list(found)


def public_use_cases():
    """Approved use cases in production: what a public inventory lists."""
    return (
        UseCase.objects.filter(
            state__in=[State.APPROVED, State.APPROVED_WITH_CONDITIONS], stage=Stage.PRODUCTION
        )
        .select_related("agency")
        .prefetch_related(
            Prefetch("participants", queryset=UseCaseAgency.objects.select_related("agency")),
            "data_categories",
        )
        .order_by("agency__name", "title", "id")
    )
