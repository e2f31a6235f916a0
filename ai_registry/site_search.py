"""AI use cases in the site search (hub.site_search): those the user may see (approved ones for
everyone; others for their agencies, AI reviewers and curators). Faceted by stage; two
queries whatever the rows."""

from urllib.parse import urlencode

from django.contrib.postgres.search import SearchRank
from django.db.models import Count, F
from django.urls import reverse

from ai_registry.models import UseCase
from ai_registry.states import Stage
from hub import site_search
from hub.site_search import Hit, KindResult, SearchText


def use_cases(user, search: SearchText, limit: int) -> KindResult:
    matches = UseCase.objects.visible_to(user).filter(search_vector=search.query)
    counts = dict(matches.order_by().values_list("stage").annotate(n=Count("pk")).order_by())
    chosen = search.facet if search.facet in counts else ""
    if chosen:
        matches = matches.filter(stage=chosen)
    rows = (
        matches.annotate(rank=SearchRank(F("search_vector"), search.query))
        .select_related("agency")
        .order_by("-rank", "-pk")[:limit]
    )
    facets = site_search.facet_counts(search, "ai", counts, Stage.choices)
    hits = [
        Hit(
            uc.title,
            reverse("ai_registry:detail", args=[uc.pk]),
            f"{uc.get_stage_display()} · {uc.agency.code}",
            site_search.summary(uc.purpose),
        )
        for uc in rows
    ]
    more = reverse("ai_registry:inventory") + "?" + urlencode({"q": search.raw})
    return KindResult(hits, counts[chosen] if chosen else sum(counts.values()), facets, more)
