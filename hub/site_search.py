"""One search across everything the hub knows: a registry of kinds of result.

The hub imports no app but accounts, so each app registers its kinds from its
AppConfig.ready():

    from hub import site_search
    site_search.register(
        key="datasets",                      # stable, used in ?kind= and in URLs
        label="Inventory datasets",          # the group's heading
        selector="inventory.site_search.datasets",   # dotted path, imported when searched
        order=30,                            # groups are shown in this order
    )

A selector is `function(user, search: SearchText, limit: int) -> KindResult`: the first
`limit` rows the user may see (best first), how many there are in all, facets (label, count,
URL) and the URL of "more in this kind" (that app's own list, or "" for the search page with
?kind=key). It must cost a constant number of queries, whatever the number of rows. The
search text is already corrected for typos and widened by the curators' synonyms: filter
with `search.query` (a SearchQuery, websearch syntax, config 'english') against a
tsvector of the rows, e.g. `qs.annotate(v=VECTOR).filter(v=search.query)`.
"""

from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urlencode

from django.contrib.postgres.search import SearchQuery
from django.urls import reverse
from django.utils.module_loading import import_string

from hub import search as catalog_search

MAX_QUERY = 200  # characters of a search kept, as the catalog's


@dataclass(slots=True)
class Hit:
    """One result line: a title linking to the thing, what kind it is, and a summary."""

    title: str
    url: str
    label: str = ""  # e.g. "Tool · DSS", "Legal framework"
    summary: str = ""


@dataclass(slots=True)
class FacetCount:
    label: str
    count: int
    url: str = ""
    selected: bool = False


class KindResult(NamedTuple):
    rows: list[Hit]
    count: int
    facets: list[FacetCount]
    more_url: str = ""


@dataclass(frozen=True)
class SearchText:
    """A search as typed, and what it searches for."""

    raw: str  # as typed (trimmed, at most MAX_QUERY characters)
    text: str  # corrected for typos
    query: SearchQuery  # the text, widened by the synonyms
    synonyms: tuple[tuple[str, str], ...] = ()  # (term, expansion) applied
    facet: str = ""  # a facet value chosen on the page of one kind (?kind=...&facet=...)

    @property
    def corrected(self) -> bool:
        return self.text != self.raw

    @property
    def widened(self) -> bool:
        return bool(self.synonyms)


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    selector: str
    order: int = 100


@dataclass
class Group:
    kind: Kind
    result: KindResult
    all_url: str = field(default="")  # the search page with this kind only


KINDS: dict[str, Kind] = {}


def register(key: str, label: str, selector: str, order: int = 100) -> None:
    """Add a kind of result (idempotent: ready() may run more than once in tests)."""
    KINDS[key] = Kind(key, label, selector, order)


def kinds() -> list[Kind]:
    return sorted(KINDS.values(), key=lambda kind: (kind.order, kind.key))


def clean(raw: str | None) -> str:
    """The search text kept: printable, one line, at most MAX_QUERY characters."""
    text = "".join(ch if ch.isprintable() else " " for ch in (raw or "")[: MAX_QUERY * 2])
    return " ".join(text.split())[:MAX_QUERY].strip()


def prepare(raw: str | None, facet: str = "") -> SearchText | None:
    """The search to run for the text typed, or None when there is nothing to search."""
    text = clean(raw)
    if not catalog_search.WORD_RE.search(text.lower()):
        return None
    table = catalog_search.synonyms()  # read once (cached for the catalog's version)
    corrected = catalog_search.correct_query(text, table)
    found, _ = catalog_search.split_synonyms(corrected, table)
    query, _ = catalog_search.build_query(corrected, table)
    return SearchText(text, corrected, query, tuple(found), clean(facet)[:60])


def summary(text: str, length: int = 220) -> str:
    """A result line's summary: the text, cut at a word within `length` characters."""
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"


def facet_counts(search: SearchText, kind: str, counts: dict, choices) -> list[FacetCount]:
    """A kind's facets, in the order of `choices` ((value, label) pairs), each linking to the
    search page with that kind and value; the chosen one marked."""
    url = reverse("site_search")
    return [
        FacetCount(
            label,
            counts[value],
            url + "?" + urlencode({"q": search.raw, "kind": kind, "facet": value}),
            value == search.facet,
        )
        for value, label in choices
        if counts.get(value)
    ]


def search_all(user, search: SearchText, only: str = "", limit: int = 5) -> list[Group]:
    """Each kind's results for the user, in the kinds' order (only one kind when asked)."""
    groups = []
    for kind in kinds():
        if only and kind.key != only:
            continue
        result = import_string(kind.selector)(user, search, limit)
        groups.append(Group(kind, result))
    return groups
