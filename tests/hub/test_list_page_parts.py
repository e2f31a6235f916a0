"""The list page's parts built in Python, its toggle links, its filters' copies per request,
and the watch button's check: each against what it replaced or what it must keep apart."""

import copy
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.core.paginator import Paginator
from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st

from hub import result_html, search_page, selectors
from hub.catalog_models import Resource, Watch
from hub.filters import ResourceFilter, shallow_copy
from tests.hub.factories import ResourceFactory

HOSTILE = '"><script>alert(1)</script>&amp;'


def test_the_sidebar_escapes_the_filters_in_force():
    html = result_html.sidebar(
        [("Search", HOSTILE, f"?q={HOSTILE}"), ("Tag", "gis", "?")], "<section>facets</section>"
    )
    assert "<script>" not in html
    assert "Remove search: &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;" in html
    assert 'href="?q=&quot;&gt;&lt;script&gt;' in html
    assert '<a href="?">Clear all</a>' in html and "<section>facets</section>" in html
    assert "Active filters" not in result_html.sidebar([], "")


def test_the_summary_counts_and_marks_the_current_sort():
    sorts = [("relevance", "Relevance", ""), ("newest", "Newest", "?sort=newest"),
             ("title", HOSTILE, f"?sort={HOSTILE}")]  # fmt: skip
    html = result_html.summary(1, sorts, "newest")
    assert ">1 resource</p>" in html
    assert '<strong aria-current="true">Newest</strong>' in html
    assert "<script>" not in html and 'href="?sort=&quot;&gt;&lt;script&gt;' in html
    # Relevance has no link without a search; the separators stay as the template had them.
    assert "Sort by:\n     · <strong" in html
    assert ">2 resources</p>" in result_html.summary(2, sorts, "title")


def page_of(count: int, number: int):
    return Paginator(list(range(count)), 20).page(number)


def test_results_number_their_rows_and_link_the_pages():
    middle = result_html.results(page_of(45, 2), "<li>rows</li>", "q=a%26b&type=tool", [])
    assert '<ol class="list-unstyled resource-results" start="21">\n<li>rows</li>' in middle
    assert 'href="?q=a%26b&amp;type=tool&amp;page=1">Previous</a>' in middle
    assert 'href="?q=a%26b&amp;type=tool&amp;page=3">Next</a>' in middle
    assert "Page 2 of 3" in middle
    first = result_html.results(page_of(45, 1), "", "", [])
    assert 'href="?page=2">Next</a>' in first and "Previous" not in first
    assert "<nav" not in result_html.results(page_of(5, 1), "<li>rows</li>", "", [])


def test_no_results_suggest_removing_each_filter_escaped():
    empty = Paginator([], 20).page(1)
    html = result_html.results(empty, "", "", [("Tag", HOSTILE, f"?tag={HOSTILE}")])
    assert "No resources match." in html and "<script>" not in html
    assert 'Try removing a filter: <a class="alert-link" href="?tag=&quot;&gt;' in html
    assert "Try other words." in result_html.results(empty, "", "", [])


def reference_with_params(params: QueryDict, name, value, multi=False) -> str:
    """The toggle link as the list page built it before `Pairs.split` (kept as the test's
    reference): one filter set, replaced or removed, parameters in first-appearance order."""
    pairs = [(key, v) for key, values in params.lists() for v in values]
    current = [v for key, v in pairs if key == name]
    others = [(key, v) for key, v in pairs if key != name]
    if multi:
        kept = [v for v in current if v != value] if value in current else [*current, value]
    elif value is None or value in current:
        kept = []
    else:
        kept = [value]
    order = list(dict.fromkeys([key for key, _ in pairs] + [name]))
    merged = others + [(name, v) for v in kept]
    merged.sort(key=lambda pair: order.index(pair[0]))
    return "?" + urlencode(merged) if merged else "?"


KEYS = st.sampled_from(["q", "type", "tag", "sort", "audience"])
VALUES = st.sampled_from(["gis", "tool", "a b", "&=?", "é", "python"])


@settings(max_examples=300, deadline=None)
@given(
    pairs=st.lists(st.tuples(KEYS, VALUES), max_size=6),
    toggles=st.lists(st.tuples(KEYS, st.one_of(st.none(), VALUES), st.booleans()), max_size=5),
)
def test_toggle_links_are_the_ones_the_page_built_before(pairs, toggles):
    params = QueryDict(mutable=True)
    for key, value in pairs:
        params.appendlist(key, value)
    shared = search_page.Pairs(params)  # one per page, reused by every link
    for name, value, multi in toggles:
        if multi and value is None:
            continue
        expected = reference_with_params(params, name, value, multi)
        assert search_page.with_params(shared, name, value, multi) == expected
        assert search_page.with_params(params, name, value, multi) == expected


@pytest.mark.django_db
def test_each_filterset_has_its_own_filters_and_fields():
    ResourceFactory(title="Data visualization course")
    typo = ResourceFilter(QueryDict("q=vizualization&type=tool"), Resource.objects.published())
    plain = ResourceFilter(QueryDict("q=course"), Resource.objects.published())
    assert typo.is_valid() and plain.is_valid()
    for name in ("q", "type", "sort"):
        assert typo.filters[name] is not plain.filters[name]
        assert typo.filters[name].parent is typo and plain.filters[name].parent is plain
        assert typo.form.fields[name] is not plain.form.fields[name]
        assert typo.form.fields[name].widget is not plain.form.fields[name].widget
    assert ResourceFilter.base_filters["q"].filter.f is ResourceFilter.base_filters["q"]
    # The search method runs on its own filterset: the correction lands on the right one.
    list(plain.qs), list(typo.qs)
    assert typo.corrected_query == "visualization" and plain.corrected_query == ""
    assert plain.searched_text == "course"
    # The copies hold what copy.copy's would, filters, fields and widgets alike.
    for declared in [*ResourceFilter.base_filters.values(), *typo.form.base_fields.values()]:
        for obj in [declared, getattr(declared, "widget", declared)]:
            copied = shallow_copy(obj)
            assert type(copied) is type(obj) and copied is not obj
            assert vars(copied) == vars(copy.copy(obj))
    typo.form.fields["type"].widget.attrs["class"] = "changed"
    assert "class" not in plain.form.fields["type"].widget.attrs
    assert "class" not in ResourceFilter({}).form.fields["type"].widget.attrs


@pytest.mark.django_db
def test_the_watch_check_sees_only_the_users_own_search(officer, other_agency_user):
    Watch.objects.create(user=officer, query="q=census")
    Watch.objects.create(user=other_agency_user, query="q=budget")
    assert selectors.watches_search(officer, "q=census")
    assert not selectors.watches_search(officer, "q=budget")  # another user's watch
    assert not selectors.watches_search(officer, "q=census&type=tool")
    assert not selectors.watches_search(SimpleNamespace(pk=officer.pk + 1000), "q=census")


@pytest.mark.django_db
def test_the_list_page_shows_the_watch_state_of_its_user(officer_client, officer):
    ResourceFactory(title="Census mapping guide")
    assert "Watch this search" in officer_client.get("/resources/?q=census").content.decode()
    Watch.objects.create(user=officer, query="q=census")
    page = officer_client.get("/resources/?q=census").content.decode()
    assert "You watch this search." in page and "Watch this search" not in page


@pytest.mark.django_db
def test_what_belongs_to_one_request_stays_out_of_the_escape_memo(officer_client):
    """Its CSRF token is escaped without the memo; labels go through it."""
    import re

    ResourceFactory(title="Census mapping guide", tags=["gis"])
    page = officer_client.get("/resources/?q=census").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def kept(text):  # asking the memo for it: a hit means a page put it there
        hits = result_html.escaped.cache_info().hits
        result_html.escaped(text)
        return result_html.escaped.cache_info().hits > hits

    assert not kept(token)
    assert kept("gis")  # a tag name, from the facets
