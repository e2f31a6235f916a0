"""Repeated searches reuse their listing (facets, rows and links) until the catalog changes."""

import pickle

import pytest
from django.core.paginator import PageNotAnInteger
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from hub import catalog_services, search, search_page, selectors
from hub.catalog_models import Resource, Status
from hub.filters import ResourceFilter
from tests.hub.factories import ResourceFactory, draft
from tests.request_cycle import request_cycle

pytestmark = pytest.mark.django_db


def facet_statements(captured):
    """Statements that count facets or read them from the counts per search term."""
    return [
        q for q in captured.captured_queries
        if "WITH m AS MATERIALIZED" in q["sql"] or "FROM hub_searchtermcount" in q["sql"]
    ]  # fmt: skip


def test_a_repeated_search_does_not_count_facets_again(leader_client):
    ResourceFactory(title="Census mapping guide", tags=["gis"])
    first = leader_client.get("/resources/?q=census&tag=gis")
    with CaptureQueriesContext(connection) as captured:
        again = leader_client.get("/resources/?q=census&tag=gis")
    assert facet_statements(captured) == []
    assert again.context["facets"].total == first.context["facets"].total == 1
    assert [r.title for r in again.context["page_obj"]] == ["Census mapping guide"]


def test_a_catalog_change_shows_in_the_next_search(leader_client, curator):
    ResourceFactory(title="Census mapping guide")
    later = draft(title="Census survey toolkit")
    assert leader_client.get("/resources/?q=census").context["facets"].total == 1
    catalog_services.set_status(later, Status.PUBLISHED, curator)
    with CaptureQueriesContext(connection) as captured:
        response = leader_client.get("/resources/?q=census")
    assert len(facet_statements(captured)) == 1
    assert response.context["facets"].total == 2
    assert {r.title for r in response.context["page_obj"]} == {
        "Census mapping guide", "Census survey toolkit",
    }  # fmt: skip


def test_forgetting_searches_runs_them_in_full(leader_client):
    ResourceFactory(title="Census mapping guide")
    leader_client.get("/resources/?q=census")
    search.forget_searches()
    with CaptureQueriesContext(connection) as captured:
        leader_client.get("/resources/?q=census")
    assert len(facet_statements(captured)) == 1


def test_a_repeated_typo_is_corrected_without_asking_the_word_list(leader_client):
    ResourceFactory(title="Data visualization course")
    first = leader_client.get("/resources/?q=vizualization")
    assert first.context["corrected_query"] == "visualization"
    with CaptureQueriesContext(connection) as captured:
        again = leader_client.get("/resources/?q=vizualization")
    assert not [q for q in captured.captured_queries if "hub_searchword" in q["sql"]]
    assert again.context["corrected_query"] == "visualization"
    assert [r.title for r in again.context["page_obj"]] == ["Data visualization course"]


def test_a_repeated_search_page_costs_only_the_user_queries(
    leader_client, django_assert_num_queries
):
    ResourceFactory(title="Census mapping guide", tags=["gis"])
    first = leader_client.get("/resources/?q=census&tag=gis")
    # session, user, their groups, and whether the user watches this search: the listing is kept
    with django_assert_num_queries(4):
        again = leader_client.get("/resources/?q=census&tag=gis")
    assert [r.title for r in again.context["page_obj"]] == ["Census mapping guide"]
    assert again.context["facets"].total == first.context["facets"].total == 1
    assert again.context["page_obj"].paginator.num_pages == 1


def test_requests_share_a_kept_listing_only_when_their_pages_are_equal(leader_client):
    ResourceFactory(title="Census tool", resource_type="tool")
    ResourceFactory(title="Census data", resource_type="dataset")
    # A repeated single-valued filter: the filter applies one value, the links keep one.
    one = leader_client.get("/resources/?q=census&type=tool&type=dataset")
    other = leader_client.get("/resources/?q=census&type=dataset&type=tool")
    for response in (one, other):
        applied = response.context["filter"].form.cleaned_data["type"]
        assert [r.resource_type for r in response.context["page_obj"]] == [applied]
    assert {r.title for r in one.context["page_obj"]} != {
        r.title for r in other.context["page_obj"]
    }


def test_after_a_committed_change_readers_read_the_whole_catalogs_counts(
    leader_client, django_capture_on_commit_callbacks
):
    leader_client.get("/resources/")  # kept for the generation before the change
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        ResourceFactory(title="Census mapping guide", tags=["gis"])
        ResourceFactory(title="Census survey toolkit", tags=["gis"])
        ResourceFactory(title="Budget toolkit", tags=["budget"])
    assert len(callbacks) == 1  # one new generation per transaction, however many rows
    with CaptureQueriesContext(connection) as captured:
        listing = leader_client.get("/resources/")
        tags = leader_client.get("/resources/tags/")
    # Nothing counted over the resources: the unfiltered list and the tags page read the
    # counts the triggers keep, in one statement each.
    assert not [q for q in captured.captured_queries if "GROUPING SETS" in q["sql"]]
    assert not [q for q in captured.captured_queries if "unnest(tag_ids)" in q["sql"]]
    assert len([q for q in captured.captured_queries if "hub_searchtermcount" in q["sql"]]) == 2
    assert listing.context["facets"].total == 3
    assert {v.value: v.count for v in listing.context["facets"].tag} == {"gis": 2, "budget": 1}
    assert ">budget</a>" in tags.content.decode()


def test_a_kept_listing_holds_plain_values_only(db):
    """Every repeated page unpickles it: no model instance, no lazy translation (each costs
    a class built on unpickling), and the page still says why a page number is wrong."""
    ResourceFactory(title="Census mapping guide", tags=["gis"])
    params = QueryDict("q=census&type=guidance&audience=all_staff")
    filterset = ResourceFilter(params, queryset=Resource.objects.published())
    filterset.is_valid()
    original = search_page.cached_listing(params, filterset)
    pickled = pickle.dumps(original)
    assert b"_lazy_proxy_unpickle" not in pickled and b"model_unpickle" not in pickled
    assert b"FacetValue" not in pickled and b"ResultRow" not in pickled  # plain tuples
    listing = pickle.loads(pickled)  # noqa: S301 (our own bytes)
    assert [type(r) for r in listing.page.object_list] == [selectors.ResultRow]
    assert listing.page.object_list == original.page.object_list
    assert listing.facets == original.facets and listing.facets.tag[0].url == "?" + (
        "q=census&type=guidance&audience=all_staff&tag=gis"
    )
    assert (listing.page.number, listing.page.paginator.count) == (1, 1)
    assert listing.page.paginator.num_pages == original.page.paginator.num_pages == 1
    for name in ["query_string", "corrected_query", "page_query", "active_filters", "sorts"]:
        assert getattr(listing, name) == getattr(original, name)
    with pytest.raises(PageNotAnInteger, match="not an integer"):
        listing.page.paginator.validate_number("x")
    # The filters in force and the sorts are kept as plain values, for the page's template.
    assert [(label, value) for label, value, _ in listing.active_filters] == [
        ("Search", "census"), ("Type", "Guidance"), ("Audience", "All staff"),
    ]  # fmt: skip
    assert listing.active_filters[0][2] == "?type=guidance&audience=all_staff"
    assert [key for key, _, _ in listing.sorts] == ["relevance", "newest", "title"]


def test_a_listing_is_stored_once_its_response_has_gone(leader):
    """The first view does not wait for the listing's storage: it happens when the server
    closes the response (request_finished), before the worker's next request."""
    from django.test import RequestFactory

    from hub.resource_views import resource_index

    ResourceFactory(title="Census mapping guide", tags=["gis"])

    def view():
        request = RequestFactory().get("/resources/?q=census&tag=gis")
        request.user = leader
        with CaptureQueriesContext(connection) as captured:
            response = resource_index(request)
        assert "Census mapping guide" in response.content.decode()
        return facet_statements(captured)

    with request_cycle():
        assert len(view()) == 1
        assert len(view()) == 1  # the same request: not stored yet
    assert view() == []  # stored: a later request reads it


class CountingCache:
    """The shared cache, counting the round trips a view makes to it."""

    def __init__(self, cache):
        self.cache, self.trips = cache, []

    def __getattr__(self, name):
        method = getattr(self.cache, name)

        def call(*args, **kwargs):
            self.trips.append(name)
            return method(*args, **kwargs)

        return call


def test_a_search_costs_one_round_trip_to_the_shared_cache(leader, monkeypatch):
    """The generation and the listing are read together, first time or not."""
    from django.core.cache import cache
    from django.test import RequestFactory

    from hub.resource_views import resource_index

    ResourceFactory(title="Census mapping guide", tags=["gis"])
    counting = CountingCache(cache)
    monkeypatch.setattr(search, "cache", counting)

    def view(path):
        counting.trips.clear()
        request = RequestFactory().get(path)
        request.user = leader
        with request_cycle():
            assert "Census mapping guide" in resource_index(request).content.decode()
            trips = list(counting.trips)
        return trips, counting.trips[len(trips) :]

    search.forget_searches()
    assert view("/resources/?q=census") == (["get_many"], ["set"])  # stored after the response
    assert view("/resources/?q=census") == (["get_many"], [])  # read back, nothing stored
    search.forget_searches()  # a new generation: the entry is computed again and replaced
    assert view("/resources/?q=census") == (["get_many"], ["set"])
