import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import AgencyFactory
from tests.hub.factories import ResourceFactory, draft

pytestmark = pytest.mark.django_db


def facet(response, key, value):
    facets = response.context["facets"]
    values = {"type": facets.resource_type, "tag": facets.tag, "audience": facets.audience,
              "provider": facets.provider}[key]  # fmt: skip
    return {v.value: v for v in values}.get(value)


@pytest.fixture
def catalog(db):
    dss = AgencyFactory(code="DSS", name="Department of Social Services")
    ResourceFactory(title="Mapping training", resource_type="training", tags=["gis", "python"])
    ResourceFactory(title="Mapping guidance", resource_type="guidance", tags=["gis"])
    ResourceFactory(
        title="Python for analysts", resource_type="training", audience="analysts",
        provider=dss, tags=["python"],
    )  # fmt: skip
    draft(title="Draft mapping notes", tags=["gis"])


def test_only_published_resources_are_listed(leader_client, catalog):
    response = leader_client.get("/resources/")
    titles = [r.title for r in response.context["page_obj"]]
    assert len(titles) == 3 and "Draft mapping notes" not in titles


def test_facet_counts_describe_the_current_results(leader_client, catalog):
    response = leader_client.get("/resources/")
    assert facet(response, "type", "training").count == 2
    assert facet(response, "tag", "gis").count == 2
    assert facet(response, "provider", "DSS").count == 1
    assert facet(response, "audience", "analysts").count == 1


def test_facets_combine_with_and(leader_client, catalog):
    response = leader_client.get("/resources/?type=training&tag=gis")
    assert [r.title for r in response.context["page_obj"]] == ["Mapping training"]
    assert facet(response, "tag", "python").count == 1
    both_tags = leader_client.get("/resources/?tag=gis&tag=python")
    assert [r.title for r in both_tags.context["page_obj"]] == ["Mapping training"]


def test_facet_links_keep_the_other_filters_in_the_url(leader_client, catalog):
    response = leader_client.get("/resources/?q=mapping&type=training")
    gis = facet(response, "tag", "gis")
    assert "q=mapping" in gis.url and "type=training" in gis.url and "tag=gis" in gis.url
    selected = facet(response, "type", "training")
    assert selected.selected and "type=" not in selected.url


def test_search_with_facet_and_typo(leader_client, catalog):
    response = leader_client.get("/resources/?q=mappng&provider=OPM")
    assert response.context["corrected_query"] == "mapping"
    assert {r.title for r in response.context["page_obj"]} == {
        "Mapping training", "Mapping guidance",
    }  # fmt: skip
    assert b"Showing results for" in response.content


def test_no_hits_say_so_and_suggest_removing_a_filter(leader_client, catalog):
    response = leader_client.get("/resources/?q=python&type=guidance")
    assert response.context["facets"].total == 0
    html = response.content.decode()
    assert "No resources match" in html
    assert "Try removing a filter" in html and "?q=python" in html


def test_sort_by_title_and_newest(leader_client, catalog):
    ResourceFactory(title="Aardvark", published_at=timezone.now() - timezone.timedelta(days=9))
    by_title = leader_client.get("/resources/?sort=title")
    assert by_title.context["page_obj"][0].title == "Aardvark"
    newest = leader_client.get("/resources/?sort=newest")
    assert newest.context["page_obj"][0].title == "Python for analysts"


def test_search_sorts_by_relevance_by_default(leader_client, catalog):
    ResourceFactory(title="Budgets", description="mentions python once")
    response = leader_client.get("/resources/?q=python")
    assert response.context["sort"] == "relevance"
    assert response.context["page_obj"][0].title == "Python for analysts"


def test_pagination_keeps_the_filters(leader_client, db):
    for n in range(25):
        ResourceFactory(title=f"Census table {n}", tags=["census"])
    response = leader_client.get("/resources/?tag=census")
    page = response.context["page_obj"]
    assert page.paginator.count == 25 and len(page.object_list) == 20
    assert 'href="?tag=census&amp;page=2"' in response.content.decode()
    second = leader_client.get("/resources/?tag=census&page=2")
    assert len(second.context["page_obj"].object_list) == 5


def test_query_count_does_not_grow_with_results(leader_client, django_assert_max_num_queries, db):
    # session, user, agency and groups for the layout, session save (3), word check, the
    # chosen tags' ids, the facets with the page's rows, watch state: 11 however many shown.
    for n in range(3):
        ResourceFactory(title=f"Census table {n}", tags=["census", f"t{n}"])
    with django_assert_max_num_queries(11):
        leader_client.get("/resources/?q=census&tag=census&type=guidance&sort=newest")
    for n in range(3, 40):
        ResourceFactory(title=f"Census table {n}", tags=["census", f"t{n}"])
    with django_assert_max_num_queries(11):
        response = leader_client.get("/resources/?q=census&tag=census&type=guidance")
    assert len(response.context["page_obj"].object_list) == 20


def test_a_filtered_page_reads_its_rows_in_the_facet_statement(leader_client, db):
    dss = AgencyFactory(code="DSS", name="Department of Social Services")
    for n in range(3):
        ResourceFactory(
            title=f"Census table {n}", provider=dss, tags=["census", "zoning"],
            description="Counts by town. " * 30,
        )  # fmt: skip
    ResourceFactory(title="Budget book", tags=["census"])
    with CaptureQueriesContext(connection) as captured:
        response = leader_client.get("/resources/?q=census+table&type=guidance&sort=title")
    reads = [q["sql"] for q in captured.captured_queries if "hub_resource" in q["sql"]]
    assert len(reads) == 1 and "GROUPING SETS" in reads[0]
    rows = response.context["page_obj"].object_list
    assert [r.title for r in rows] == [f"Census table {n}" for n in range(3)]
    assert rows[0].tag_list == ["census", "zoning"]
    assert rows[0].provider_name == "Department of Social Services"
    assert len(rows[0].summary) <= 220 and rows[0].summary.endswith("…")
    html = response.content.decode()
    assert "Guidance · All staff · Department of Social Services" in html


def test_page_past_the_end_shows_the_last_page(leader_client, db):
    for n in range(22):
        ResourceFactory(title=f"Census table {n}", tags=["census"])
    response = leader_client.get("/resources/?tag=census&page=99")
    page = response.context["page_obj"]
    assert page.number == 2 and len(page.object_list) == 2


def test_provider_facet_filters_by_agency_code(leader_client, catalog):
    response = leader_client.get("/resources/?provider=DSS")
    assert [r.title for r in response.context["page_obj"]] == ["Python for analysts"]
    assert "Remove </span>Provider: Department of Social Services" in response.content.decode()


def test_unknown_tag_finds_nothing(leader_client, catalog):
    response = leader_client.get("/resources/?tag=no-such-tag")
    assert response.context["facets"].total == 0


def test_unfiltered_counts_follow_catalog_changes(leader_client, catalog):
    assert leader_client.get("/resources/").context["facets"].total == 3
    ResourceFactory(title="Fresh")
    assert leader_client.get("/resources/").context["facets"].total == 4


def test_invalid_filters_do_not_bypass_the_cached_unfiltered_counts(leader_client, catalog):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    leader_client.get("/resources/")
    with CaptureQueriesContext(connection) as captured:
        response = leader_client.get("/resources/?type=bogus&q=%20")
    assert response.context["facets"].total == 3
    assert not any("GROUPING SETS" in q["sql"] for q in captured.captured_queries)


def test_facet_values_come_most_resources_first_then_by_name(leader_client):
    ResourceFactory(title="One", tags=["gis", "census", "Zoning"])
    ResourceFactory(title="Two", tags=["gis", "census", "budget"])
    ResourceFactory(title="Three", tags=["gis"], resource_type="dataset")
    # The whole catalog's counts, a word's counts, and counts over the matches.
    for path in ["/resources/", "/resources/?q=gis", "/resources/?tag=gis"]:
        facets = leader_client.get(path).context["facets"]
        # Ties by name as Python orders text: capitals before lower case.
        assert [v.label for v in facets.tag] == ["gis", "census", "Zoning", "budget"], path
        assert [v.count for v in facets.resource_type] == [2, 1], path
