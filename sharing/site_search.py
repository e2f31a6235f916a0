"""The guidance in the site search (hub.site_search): legal frameworks, data categories,
agreement types and clauses, for everyone signed in (the guidance is not confidential).

One statement: the four kinds' matches (some sixty rows at most in all), ranked together.
"""

from urllib.parse import urlencode

from django.contrib.postgres.search import SearchRank
from django.db.models import F, Value
from django.urls import reverse

from hub.site_search import FacetCount, Hit, KindResult, SearchText
from sharing.models import (
    AGREEMENT_TYPE_VECTOR,
    CATEGORY_VECTOR,
    CLAUSE_VECTOR,
    FRAMEWORK_VECTOR,
    AgreementType,
    Clause,
    DataCategory,
    LegalFramework,
)

# facet key: (label, model, vector, title field, key field, summary field)
SOURCES = {
    "framework": ("Legal framework", LegalFramework, FRAMEWORK_VECTOR, "name", "slug", "summary"),
    "category": ("Data category", DataCategory, CATEGORY_VECTOR, "name", "key", "description"),
    "agreement": (
        "Agreement type",
        AgreementType,
        AGREEMENT_TYPE_VECTOR,
        "name",
        "key",
        "description",
    ),
    "clause": ("Clause", Clause, CLAUSE_VECTOR, "title", "key", "text"),
}
PLURALS = {"framework": "Legal frameworks", "category": "Data categories",
           "agreement": "Agreement types", "clause": "Clauses"}  # fmt: skip


def _matches(facet: str, query):
    _, model, vector, title, key, summary = SOURCES[facet]
    return (
        model.objects.annotate(v=vector)
        .filter(v=query)
        .annotate(
            s_kind=Value(facet),
            s_title=F(title),
            s_key=F(key),
            s_summary=F(summary),
            s_rank=SearchRank(vector, query),
        )
        .values_list("s_kind", "s_title", "s_key", "s_summary", "s_rank")
        .order_by()
    )


def url_of(facet: str, key: str) -> str:
    index = reverse("sharing:index")
    if facet == "framework":
        return reverse("sharing:framework_detail", args=[key])
    if facet == "category":  # the guidance home lists the category's frameworks
        return index + "?" + urlencode({"category": key}) + "#frameworks-heading"
    return index + f"#{'type' if facet == 'agreement' else 'clause'}-{key}"


def summary_of(text: str, length: int = 220) -> str:
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"


def guidance(user, text: SearchText, limit: int) -> KindResult:
    chosen = text.facet if text.facet in SOURCES else ""
    facets = [chosen] if chosen else list(SOURCES)
    first, *rest = [_matches(facet, text.query) for facet in facets]
    rows = list(first.union(*rest, all=True)) if rest else list(first)
    rows.sort(key=lambda row: (-row[4], row[0], row[1]))
    counts: dict[str, int] = {}
    for row in rows:
        counts[row[0]] = counts.get(row[0], 0) + 1
    search_url = reverse("site_search")
    facet_counts = [
        FacetCount(
            PLURALS[facet],
            counts[facet],
            search_url + "?" + urlencode({"q": text.raw, "kind": "guidance", "facet": facet}),
            facet == chosen,
        )
        for facet in SOURCES
        if counts.get(facet)
    ]
    hits = [
        Hit(title, url_of(facet, key), SOURCES[facet][0], summary_of(summary or ""))
        for facet, title, key, summary, _ in rows[:limit]
    ]
    more = search_url + "?" + urlencode({"q": text.raw, "kind": "guidance"})
    return KindResult(hits, len(rows), facet_counts, more)
