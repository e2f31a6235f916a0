"""Inventory datasets in the site search (hub.site_search): active entries whose details the
user may read, so a confidential or restricted dataset never shows up in the search of an
agency that is not party to it. Faceted by classification; two queries whatever the rows."""

from urllib.parse import urlencode

from django.contrib.postgres.search import SearchRank
from django.db.models import Count, F
from django.urls import reverse

from hub import site_search
from hub.site_search import Hit, KindResult, SearchText
from inventory.models import Classification, Dataset


def datasets(user, search: SearchText, limit: int) -> KindResult:
    matches = Dataset.objects.active().fields_visible_to(user).filter(search_vector=search.query)
    counts = dict(
        matches.order_by().values_list("classification").annotate(n=Count("pk")).order_by()
    )
    chosen = search.facet if search.facet in counts else ""
    if chosen:
        matches = matches.filter(classification=chosen)
    rows = (
        matches.annotate(rank=SearchRank(F("search_vector"), search.query))
        .select_related("agency")
        .order_by("-rank", "title", "pk")[:limit]
    )
    facets = site_search.facet_counts(search, "datasets", counts, Classification.choices)
    hits = [
        Hit(
            d.title,
            d.get_absolute_url(),
            f"{d.get_classification_display()} · {d.agency.code}",
            site_search.summary(d.description),
        )
        for d in rows
    ]
    more = reverse("inventory:list") + "?" + urlencode({"q": search.raw})
    return KindResult(hits, counts[chosen] if chosen else sum(counts.values()), facets, more)
