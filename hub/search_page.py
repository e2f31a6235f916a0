"""The list page's plumbing: facets and one page of results, and the links that toggle filters.

Kept out of the view so it stays short; the benchmark calls the view, which calls these.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.http import QueryDict
from django.utils.functional import cached_property

from hub import search, selectors
from hub.filters import SORTS

PAGE_SIZE = 20
FACET_PARAMS = ["q", "type", "audience", "provider", "tag"]


class KnownCountPaginator(Paginator):
    """The facet query already counted the matches; do not count them again."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


def search_params(querydict) -> QueryDict:
    """The filters of a search (what a saved search stores), in a stable order."""
    params = QueryDict(mutable=True)
    for name in FACET_PARAMS:
        values = [v.strip() for v in querydict.getlist(name) if v.strip() and "\x00" not in v]
        if name == "tag":
            values = sorted(set(values))
        if values:
            params.setlist(name, values if name == "tag" else values[:1])
    return params


class Pairs:
    """A query string's (key, value) pairs (a QueryDict's, or a list), split once per
    parameter, for every link built from it (a page builds some sixty)."""

    def __init__(self, params):
        if isinstance(params, QueryDict):
            params = [(key, v) for key, values in params.lists() for v in values]
        self.pairs = params
        self.splits: dict[str, tuple[list[str], str, str]] = {}

    def split(self, name: str) -> tuple[list[str], str, str]:
        """The values of `name`, and the other pairs, encoded and joined, that come before
        and after them: parameters keep the order of their first appearance, a new one goes
        last."""
        found = self.splits.get(name)
        if found is None:
            order = list(dict.fromkeys([key for key, _ in self.pairs] + [name]))
            slot = order.index(name)
            others = sorted(
                (pair for pair in self.pairs if pair[0] != name),
                key=lambda pair: order.index(pair[0]),
            )
            found = self.splits[name] = (
                [v for key, v in self.pairs if key == name],
                "&".join(encoded_pair(p) for p in others if order.index(p[0]) < slot),
                "&".join(encoded_pair(p) for p in others if order.index(p[0]) > slot),
            )
        return found

    def urlencode(self) -> str:
        """The pairs as a query string, as QueryDict.urlencode gives it."""
        return "&".join(encoded_pair(pair) for pair in self.pairs)


def encoded_pair(pair: tuple[str, str]) -> str:
    """`name=value`, URL-encoded."""
    return urlencode([pair])


def with_params(params, name: str, value: str | None, multi: bool = False) -> str:
    """The list URL with one filter toggled (set, replaced or removed); `params` is a
    QueryDict or, cheaper for many links, its `Pairs`."""
    if not isinstance(params, Pairs):
        params = Pairs(params)
    current, before, after = params.split(name)
    if multi:
        kept = [v for v in current if v != value] if value in current else [*current, value]
    elif value is None or value in current:
        kept = []
    else:
        kept = [value]
    toggled = "&".join([encoded_pair((name, v)) for v in kept])
    return "?" + "&".join([part for part in (before, toggled, after) if part])


# Far past any real catalog; keeps OFFSET inside PostgreSQL's bigint for any ?page=.
MAX_PAGE = 1_000_000


def page_number(value) -> int:
    try:
        return min(MAX_PAGE, max(1, int(value)))
    except (TypeError, ValueError):
        return 1


def catalog_page(filterset, number):
    """Facets and one page of results of the FilterSet's queryset, in one statement.

    Unfiltered, or for a search of one word and nothing else, the facets are read from the
    counts kept for the whole catalog or for that word, and the page through the sort's index.
    """
    sort = filterset.current_sort
    number = page_number(number)
    matches = filterset.qs  # corrects `q` for typos (filterset.searched_text)
    data = filterset.form.cleaned_data  # invalid values are ignored, so they count as unset
    facet_chosen = any(data.get(name) for name in ("type", "audience", "provider", "tag"))
    text = filterset.searched_text
    if facet_chosen:
        term = None
    elif not (data.get("q") or "").strip():
        term = search.ALL
    else:  # only a search of one word (not widened by a synonym) has its facets counted
        term = text if search.one_term(text) and not filterset.widened else None
    offset = (number - 1) * PAGE_SIZE
    facets, rows = search.facets_and_page(matches, sort, offset, PAGE_SIZE, term=term)
    paginator = KnownCountPaginator([], PAGE_SIZE, facets.total)
    if number > paginator.num_pages:  # past the end: show the last page, as get_page does
        number = paginator.num_pages
        offset = (number - 1) * PAGE_SIZE
        rows = search.facets_and_page(matches, sort, offset, PAGE_SIZE, term=term)[1]
    return facets, Page(selectors.result_rows(rows), number, paginator)


@dataclass
class Listing:
    """What the list page shows for one search and page, apart from the search box and the
    user's own watch form: the same for every signed-in user (published resources only)."""

    facets: search.Facets
    page: Page
    query_string: str
    corrected_query: str
    # What every page link keeps: the filters, and the sort when one was chosen.
    page_query: str
    # (label, value, URL without it) per filter in force; (key, label, URL) per sort.
    active_filters: list[tuple[str, str, str]]
    sorts: list[tuple[str, str, str]]


def build_listing(querydict, filterset) -> Listing:
    links = Links(querydict, filterset)
    facets, page = catalog_page(filterset, querydict.get("page"))
    links.decorate(facets)
    return Listing(
        facets=facets,
        page=page,
        query_string=links.query_string,
        corrected_query=filterset.corrected_query,
        page_query=links.page_query,
        active_filters=links.active_filters(facets),
        sorts=links.sorts(),
    )


class Links:
    """URLs of the list page for the current filters: facet toggles, removals, sorts, pages."""

    def __init__(self, querydict, filterset):
        self.data = filterset.form.cleaned_data
        self.params = search_params(querydict)
        self.sort = filterset.current_sort
        self.sort_chosen = bool(querydict.get("sort"))
        self.filters = Pairs(self.params)
        sort = [("sort", self.sort)] if self.sort_chosen else []
        self.keep = Pairs(self.filters.pairs + sort)
        # The filters, and with the sort when one was chosen: the saved search's query, and
        # what every link of the page keeps.
        self.query_string = self.filters.urlencode()
        self.page_query = self.keep.urlencode()
        self.chosen = {
            "type": self.data.get("type") or "",
            "audience": self.data.get("audience") or "",
            "provider": self.data.get("provider") or "",
        }
        self.chosen_tags = self.data.get("tag") or []
        self.choices = {
            "type": dict(filterset.filters["type"].extra["choices"]),
            "audience": dict(filterset.filters["audience"].extra["choices"]),
        }

    def decorate(self, facets) -> None:
        """Mark the chosen facet values and give each value the URL that toggles it."""
        for name, values in [
            ("type", facets.resource_type),
            ("audience", facets.audience),
            ("provider", facets.provider),
        ]:
            for item in values:
                item.selected = item.value == self.chosen[name]
                item.url = with_params(self.keep, name, item.value)
        for item in facets.tag:
            item.selected = item.value in self.chosen_tags
            item.url = with_params(self.keep, "tag", item.value, multi=True)

    def active_filters(self, facets) -> list[tuple[str, str, str]]:
        """(label, value, URL without it) for each filter in force."""
        active = []
        if self.data.get("q"):
            active.append(("Search", self.data["q"], with_params(self.keep, "q", None)))
        labels = {"type": "Type", "audience": "Audience", "provider": "Provider"}
        for name, value in self.chosen.items():
            if not value:
                continue
            if name == "provider":
                shown = next((p.label for p in facets.provider if p.value == value), value)
            else:
                shown = self.choices[name][value]
            active.append((labels[name], shown, with_params(self.keep, name, None)))
        # Tags by their name, never their slug; a chosen tag beyond the facet list is read.
        names = {t.value: t.label for t in facets.tag if t.value in self.chosen_tags}
        missing = [slug for slug in self.chosen_tags if slug not in names]
        if missing:
            names.update(selectors.tag_names_by_slug(missing))
        for slug in self.chosen_tags:
            shown = names.get(slug, slug)
            active.append(("Tag", shown, with_params(self.keep, "tag", slug, multi=True)))
        return active

    def sorts(self) -> list[tuple[str, str, str]]:
        """(key, label, URL) per sort; relevance has no URL without a search."""
        has_query = bool(self.data.get("q"))
        return [
            (
                key,
                label,
                with_params(self.filters, "sort", key) if key != "relevance" or has_query else "",
            )
            for key, label in SORTS.items()
        ]
