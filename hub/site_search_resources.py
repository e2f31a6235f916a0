"""The site search's resources: the catalog's own search, with its facets and fast paths.

Published resources for everyone; curators also find drafts (their preview, as on the
resource pages), counted and listed after the published ones.
"""

import hashlib
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, Window
from django.urls import reverse

from accounts.roles import is_curator
from config import cache_versions
from hub import search, selectors
from hub.catalog_models import Resource, Status
from hub.site_search import FacetCount, Hit, KindResult, SearchText


def resources(user, text: SearchText, limit: int) -> KindResult:
    """The published matches are the same for everyone: kept for the catalog's version (a
    resource's or a synonym's change renews it); curators add their drafts to them."""
    version = cache_versions.version(cache_versions.CATALOG)
    digest = hashlib.sha256(f"{text.raw}\x00{text.text}".encode()).hexdigest()
    result = cache.get_or_set(
        f"catalog:{version}:site-search:{digest}:{limit}",
        lambda: published_matches(text, limit),
        cache_versions.CACHE_SECONDS,
    )
    if is_curator(user):
        result = with_drafts(result, text, limit)
    return result


def published_matches(text: SearchText, limit: int) -> KindResult:
    matches = search.apply_query(Resource.objects.published(), text.query)
    # A search of one word, not widened: facets from the counts kept per term (hub.search).
    term = text.text if search.one_term(text.text) and not text.widened else None
    facets, rows = search.facets_and_page(matches, "relevance", 0, limit, term=term)
    catalog = reverse("hub:resource_index")
    hits = [
        Hit(
            row.title,
            reverse("hub:resource_detail", args=[row.slug]),
            " · ".join(part for part in (row.type_label, row.provider_name) if part),
            row.summary,
        )
        for row in selectors.result_rows(rows)
    ]
    facet_counts = [
        FacetCount(
            item.label, item.count, catalog + "?" + urlencode({"q": text.raw, "type": item.value})
        )
        for item in facets.resource_type
    ]
    more = catalog + "?" + urlencode({"q": text.raw})
    return KindResult(hits, facets.total, facet_counts, more)


def with_drafts(result: KindResult, text: SearchText, limit: int) -> KindResult:
    """Drafts are few: listed with their count in one statement, after the published."""
    drafts = search.apply_query(Resource.objects.filter(status=Status.DRAFT), text.query)
    found = list(
        drafts.annotate(total=Window(Count("id")))
        .order_by("-rank", "-id")
        .values("title", "slug", "total")[:limit]
    )
    if not found:
        return result
    n = found[0]["total"]
    room = max(0, limit - len(result.rows))
    hits = result.rows + [
        Hit(d["title"], reverse("hub:resource_detail", args=[d["slug"]]), "Draft")
        for d in found[:room]
    ]
    facets = [*result.facets, FacetCount("Draft", n)]
    return KindResult(hits, result.count + n, facets, result.more_url)
