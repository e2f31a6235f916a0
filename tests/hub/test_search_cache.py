"""Repeated searches reuse their fragments (facets, rows and links) until the catalog changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub import catalog_services
from hub.catalog_models import Status
from tests.hub.factories import ResourceFactory, draft

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
    # session, user with their groups, and whether the user watches this search: the listing
    # is kept
    with django_assert_num_queries(3):
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
