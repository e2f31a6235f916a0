"""The site search's resources: the catalog's own search, with its facets and fast paths.

Published resources for everyone; curators also find drafts (their preview, as on the
resource pages), counted and listed after the published ones.
"""

from urllib.parse import urlencode

from django.db.models import Count, Window
from django.urls import reverse

from accounts.roles import is_curator
from hub import search, selectors
from hub.catalog_models import Resource, Status
from hub.site_search import FacetCount, Hit, KindResult, SearchText


def resources(user, text: SearchText, limit: int) -> KindResult:
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
    count = facets.total
    facet_counts = [
        FacetCount(
            item.label, item.count, catalog + "?" + urlencode({"q": text.raw, "type": item.value})
        )
        for item in facets.resource_type
    ]
    if is_curator(user):  # drafts are few: listed with their count in one statement
        drafts = search.apply_query(Resource.objects.filter(status=Status.DRAFT), text.query)
        found = list(
            drafts.annotate(total=Window(Count("id")))
            .order_by("-rank", "-id")
            .values("title", "slug", "total")[:limit]
        )
        if found:
            n = found[0]["total"]
            count += n
            facet_counts.append(FacetCount("Draft", n))
            room = max(0, limit - len(hits))
            hits += [
                Hit(d["title"], reverse("hub:resource_detail", args=[d["slug"]]), "Draft")
                for d in found[:room]
            ]
    return KindResult(hits, count, facet_counts, catalog + "?" + urlencode({"q": text.raw}))
