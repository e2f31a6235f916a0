"""The list page's parts (filters in force, facets, count and sorts, results, pages, the
search box and watch form) as users get them, its toggle links, its filters per request,
and the watch button's check."""

import re
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st
from taggit.models import Tag

from hub import search_page, selectors
from hub.catalog_models import Resource, Watch
from hub.filters import ResourceFilter
from tests.factories import AgencyFactory
from tests.hub.factories import ResourceFactory

HOSTILE = '"><script>alert(1)</script>&amp;'
ESCAPED = "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;"


def page_html(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_the_sidebar_escapes_the_filters_in_force(officer_client):
    ResourceFactory(title="Census mapping guide", tags=["gis"])
    html = page_html(officer_client, "/resources/?" + urlencode({"q": HOSTILE, "tag": "gis"}))
    assert "<script>" not in html
    assert f"Remove </span>Search: {ESCAPED}</a>" in html
    assert 'href="?tag=gis"><span class="visually-hidden">Remove </span>Search: ' in html
    assert 'href="?q=%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E%26amp%3B"' in html
    assert '<a href="?">Clear filters</a>' in html
    assert "Active filters" not in page_html(officer_client, "/resources/")


@pytest.mark.django_db
def test_facet_links_escape_labels_values_and_mark_the_chosen_one(officer_client):
    provider = AgencyFactory(code="AB", name="<b>A & B</b>")
    resource = ResourceFactory(title="Census mapping guide", provider=provider, tags=["gis"])
    resource.tags.add(Tag.objects.create(name="<b>bold</b>", slug='"><i>x'))
    html = page_html(officer_client, "/resources/?tag=gis")
    assert "<b>" not in html and "<i>" not in html
    assert (
        'data-facet="provider" data-value="AB">&lt;b&gt;A &amp; B&lt;/b&gt; '
        '<span class="facet-count">(1)</span></a>'
    ) in html
    assert (
        '<a href="?tag=gis&amp;tag=%22%3E%3Ci%3Ex" data-facet="tag" '
        'data-value="&quot;&gt;&lt;i&gt;x">&lt;b&gt;bold&lt;/b&gt; '
    ) in html
    assert (
        '<a href="?" data-facet="tag" data-value="gis" aria-current="true" class="fw-bold">'
        '<span class="visually-hidden">Remove filter: </span>gis '
        '<span class="facet-count">(1)</span></a>'
    ) in html
    assert '<h3 class="h6" id="facet-provider">Provider</h3>' in html
    assert '<section class="mb-3 facet" aria-labelledby="facet-audience">' in html


@pytest.mark.django_db
def test_result_rows_escape_every_field(officer_client):
    provider = AgencyFactory(code="AB", name="A & B")
    ResourceFactory(
        title="<script>alert(1)</script>", slug="a-b", resource_type="tool",
        audience="analysts", provider=provider, description="<img src=x onerror=alert(1)>",
        tags=["<b>t</b>"],
    )  # fmt: skip
    html = page_html(officer_client, "/resources/")
    assert "<script>alert" not in html and "<img" not in html and "<b>" not in html
    assert '<a href="/resources/a-b/">&lt;script&gt;alert(1)&lt;/script&gt;</a>' in html
    assert "Tool · Analysts · A &amp; B</p>" in html
    assert '<p class="mb-1">&lt;img src=x onerror=alert(1)&gt;</p>' in html
    assert '<span class="tag-chip me-1">&lt;b&gt;t&lt;/b&gt;</span>' in html


@pytest.mark.django_db
def test_the_summary_counts_and_marks_the_current_sort(officer_client):
    ResourceFactory(title="Census mapping guide")
    html = page_html(officer_client, "/resources/?sort=newest")
    assert 'data-testid="result-count">1 resource</p>' in html
    assert '<strong aria-current="true">Newest</strong>' in html
    assert '<a href="?sort=title">Title</a>' in html
    assert ">Relevance<" not in html  # no search: nothing to rank by
    ResourceFactory(title="Census survey toolkit")
    html = page_html(officer_client, "/resources/?q=census&sort=title")
    assert 'data-testid="result-count">2 resources</p>' in html
    assert '<a href="?q=census&amp;sort=relevance">Relevance</a>' in html
    assert '<strong aria-current="true">Title</strong>' in html


@pytest.mark.django_db
def test_results_number_their_rows_and_link_the_pages(officer_client):
    for n in range(45):
        ResourceFactory(title=f"Census table {n}", resource_type="tool", tags=["census"])
    middle = page_html(officer_client, "/resources/?tag=census&type=tool&page=2")
    assert '<ol class="list-unstyled resource-results" start="21">' in middle
    assert 'href="?type=tool&amp;tag=census&amp;page=1">Previous</a>' in middle
    assert 'href="?type=tool&amp;tag=census&amp;page=3">Next</a>' in middle
    assert '<li class="page-item active" aria-current="page">' in middle
    assert "Page 2 of 3" in middle and 'aria-label="Pages of results"' in middle
    first = page_html(officer_client, "/resources/")
    assert 'href="?page=2">Next</a>' in first and "Previous" not in first
    ResourceFactory(title="Mapping guide", tags=["gis"])
    assert "Pages of results" not in page_html(officer_client, "/resources/?tag=gis")


@pytest.mark.django_db
def test_no_results_suggest_removing_each_filter_escaped(officer_client):
    assert "Try other words." in page_html(officer_client, "/resources/")  # an empty catalog
    ResourceFactory(title="Census mapping guide", tags=["gis"])
    html = page_html(officer_client, "/resources/?" + urlencode({"tag": ["gis", HOSTILE]}, True))
    assert "No resources match." in html and "<script>" not in html
    assert 'Try removing a filter: <a class="alert-link" href="?tag=' in html
    assert '>tag: gis</a>, <a class="alert-link" href="?tag=gis">tag: ' in html
    assert f">tag: {ESCAPED}</a>.</p>" in html


@pytest.mark.django_db
def test_the_search_box_keeps_the_other_filters_escaped(officer_client):
    html = page_html(officer_client, "/resources/?" + urlencode(
        [("q", HOSTILE), ("type", "tool"), ("x", '"&'), ("page", "2")]
    ))  # fmt: skip
    assert f'name="q" id="id_q" class="form-control" value="{ESCAPED}"' in html
    assert '<input type="hidden" name="type" value="tool">' in html
    assert '<input type="hidden" name="x" value="&quot;&amp;">' in html
    assert 'name="page"' not in html


@pytest.mark.django_db
def test_the_watch_form_posts_this_search_with_this_requests_token(officer, leader):
    """The listing is kept for everyone; the token in its watch form is the request's own."""
    ResourceFactory(title="Census mapping guide")
    tokens = []
    for user in (officer, leader):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        html = page_html(client, "/resources/?q=census&page=1")
        form = re.search(r'<form method="post" action="/resources/watching/new/".*?</form>', html,
                         re.S).group(0)  # fmt: skip
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        assert '<input type="hidden" name="query" value="q=census">' in form
        assert '<input type="hidden" name="next" value="/resources/?q=census&amp;page=1">' in form
        posted = client.post(
            "/resources/watching/new/",
            {"query": "q=census", "next": "/resources/?q=census", "csrfmiddlewaretoken": token},
        )
        assert posted.status_code == 302
        tokens.append(token)
    assert tokens[0] != tokens[1]
    assert Watch.objects.filter(query="q=census").count() == 2
    assert '<form method="post" action="/resources/watching/new/"' not in page_html(
        client, "/resources/"
    )  # nothing searched: nothing to watch


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
def test_active_tag_filters_show_the_tag_name_and_sorts_have_no_stray_separator(officer_client):
    resource = ResourceFactory(title="Stewardship guide")
    tag, _ = Tag.objects.get_or_create(slug="data-governance", defaults={"name": "Data governance"})
    resource.tags.add(tag)
    assert tag.name != tag.slug
    html = page_html(officer_client, "/resources/?tag=data-governance&sort=newest")
    active = html.split('data-testid="active-filters"')[1].split("</ul>")[0]
    assert f"Tag: {tag.name}</a>" in active and "data-governance</a>" not in active
    sort = html.split('class="sort-nav"')[1].split("</nav>")[0]
    assert "·" not in sort and "Relevance" not in sort  # relevance needs a search
    assert '<li><strong aria-current="true">Newest</strong></li>' in sort
