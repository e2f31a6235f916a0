"""The site-wide search (/search/): kinds grouped with counts and facets, only what the user
may see, synonyms, typo correction, hostile input and a constant number of queries."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hub import site_search
from hub.search_models import SearchSynonym
from hub.site_search import FacetCount, Hit, KindResult
from tests.hub.factories import ResourceFactory, draft

pytestmark = pytest.mark.django_db


def search(client, q, **params):
    response = client.get("/search/", {"q": q, **params})
    assert response.status_code == 200
    return response


def groups(response) -> dict:
    return {group.kind.key: group.result for group in response.context["groups"]}


def titles(result) -> list[str]:
    return [hit.title for hit in result.rows]


def test_results_come_grouped_by_kind_with_counts_and_facets(leader_client):
    ResourceFactory(title="Privacy impact assessment template", resource_type="template")
    ResourceFactory(title="Privacy basics course", resource_type="training")
    ResourceFactory(title="Budget tables")
    response = search(leader_client, "privacy")
    found = groups(response)
    assert list(found) == ["resources", "guidance", "datasets", "ai"]
    resources = found["resources"]
    assert resources.count == 2
    assert sorted(titles(resources)) == [
        "Privacy basics course",
        "Privacy impact assessment template",
    ]
    assert {(f.label, f.count) for f in resources.facets} == {("Template", 1), ("Training", 1)}
    assert all(f.url.startswith("/resources/?q=privacy&type=") for f in resources.facets)
    guidance = found["guidance"]
    assert guidance.count >= 3
    assert "HIPAA Privacy Rule" in titles(guidance)
    assert "Legal frameworks" in {f.label for f in guidance.facets}
    body = response.content.decode()
    assert body.count('data-testid="search-group"') == 4
    assert 'id="group-resources"' in body and 'id="group-guidance"' in body


def test_more_in_a_kind_links_to_the_catalog_or_the_kind_page(leader_client):
    for n in range(7):
        ResourceFactory(title=f"Census table {n}")
    response = search(leader_client, "census")
    resources = groups(response)["resources"]
    assert resources.count == 7 and len(resources.rows) == 5
    assert resources.more_url == "/resources/?q=census"
    assert 'href="/resources/?q=census"' in response.content.decode()

    response = search(leader_client, "confidentiality")
    guidance = groups(response)["guidance"]
    assert guidance.count > 5
    assert guidance.more_url == "/search/?q=confidentiality&kind=guidance"
    one_kind = search(leader_client, "confidentiality", kind="guidance")
    assert list(groups(one_kind)) == ["guidance"]
    assert len(groups(one_kind)["guidance"].rows) == guidance.count


def test_a_facet_narrows_the_page_of_one_kind(leader_client):
    response = search(leader_client, "FERPA", kind="guidance", facet="clause")
    guidance = groups(response)["guidance"]
    assert guidance.rows and all(hit.label == "Clause" for hit in guidance.rows)
    assert [f.label for f in guidance.facets] == ["Clauses"]
    assert guidance.facets[0].selected


def test_guidance_hits_link_to_their_pages(leader_client):
    guidance = groups(search(leader_client, "FERPA"))["guidance"]
    urls = {hit.title: hit.url for hit in guidance.rows}
    assert urls["Family Educational Rights and Privacy Act (FERPA)"] == "/sharing/frameworks/ferpa/"
    assert urls["Education records"] == "/sharing/?category=education_records#frameworks-heading"
    page = leader_client.get("/sharing/").content.decode()
    assert 'id="clause-purpose"' in page and 'id="type-dsa"' in page


def test_an_unrelated_agency_never_sees_a_draft(client, other_agency_user, curator):
    draft(title="Confidential merger plan", description="Not yet public.")
    ResourceFactory(title="Merger guidance for analysts")
    client.force_login(other_agency_user)
    response = search(client, "merger")
    resources = groups(response)["resources"]
    assert titles(resources) == ["Merger guidance for analysts"]
    assert resources.count == 1
    body = response.content.decode()
    assert "Confidential merger plan" not in body and "Not yet public" not in body
    assert "Confidential merger plan" not in search(client, "confidential merger").content.decode()

    client.force_login(curator)  # curators preview drafts, as on the resource pages
    resources = groups(search(client, "merger"))["resources"]
    assert resources.count == 2
    assert "Confidential merger plan" in titles(resources)
    assert ("Draft", 1) in {(f.label, f.count) for f in resources.facets}


def test_the_search_needs_a_signed_in_user(client):
    ResourceFactory(title="Census table")
    response = client.get("/search/", {"q": "census"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("q", ["privacy law", "FERPA", "ferpa", "PHI"])
def test_the_seeded_synonyms_find_the_guidance(leader_client, q):
    response = search(leader_client, q)
    guidance = groups(response)["guidance"]
    assert guidance.count > 0
    assert response.context["text"].synonyms
    assert 'data-testid="synonyms"' in response.content.decode()


def test_ferpa_finds_its_framework_and_the_education_records(leader_client):
    found = titles(groups(search(leader_client, "FERPA", kind="guidance"))["guidance"])
    assert "Family Educational Rights and Privacy Act (FERPA)" in found
    assert "Education records" in found
    # "law" -> "legal": a clause that says "legal" but never "law" is found by "law".
    assert "Legal authority or exception" in titles(
        groups(search(leader_client, "law", kind="guidance"))["guidance"]
    )


def test_synonyms_apply_to_the_catalog_list_too(leader_client):
    ResourceFactory(title="Geospatial data portal")
    ResourceFactory(title="Budget tables")
    assert titles(groups(search(leader_client, "GIS"))["resources"]) == ["Geospatial data portal"]
    page = leader_client.get("/resources/", {"q": "GIS"})
    assert [row.title for row in page.context["page_obj"].object_list] == ["Geospatial data portal"]
    assert page.context["facets"].total == 1


def test_a_synonym_a_curator_adds_applies_at_once(leader_client):
    ResourceFactory(title="Human resources dashboard")
    assert groups(search(leader_client, "HRIS"))["resources"].count == 0
    assert leader_client.get("/resources/", {"q": "HRIS"}).context["facets"].total == 0
    SearchSynonym.objects.create(term="HRIS", expansion="human resources")
    assert groups(search(leader_client, "HRIS"))["resources"].count == 1
    assert leader_client.get("/resources/", {"q": "HRIS"}).context["facets"].total == 1


def test_a_negated_or_quoted_term_is_not_widened():
    from hub import search as catalog_search

    assert catalog_search.split_synonyms("privacy -law")[0] == []
    assert catalog_search.split_synonyms('"privacy law"')[0] == []
    assert catalog_search.split_synonyms("bylaw")[0] == []
    found, rest = catalog_search.split_synonyms("FERPA and law")
    assert found == [("ferpa", "education records"), ("law", "legal")]
    assert rest.split() == ["and"]


def test_curators_edit_synonyms_in_the_admin(curator_client, leader):
    assert curator_client.get("/admin/hub/searchsynonym/").status_code == 200
    response = curator_client.post(
        "/admin/hub/searchsynonym/add/", {"term": "  Open   Data ", "expansion": "public data"}
    )
    assert response.status_code == 302
    assert SearchSynonym.objects.get(expansion="public data").term == "open data"
    response = curator_client.post(
        "/admin/hub/searchsynonym/add/", {"term": 'x" or 1=1', "expansion": "y"}
    )
    assert response.status_code == 200  # refused: letters, digits, spaces and hyphens only
    other = Client()
    other.force_login(leader)
    assert other.get("/admin/hub/searchsynonym/").status_code == 302  # not staff


def test_a_typo_is_corrected_across_kinds(leader_client):
    ResourceFactory(title="Broadband availability map")
    response = search(leader_client, "brodband")
    assert response.context["text"].text == "broadband"
    assert titles(groups(response)["resources"]) == ["Broadband availability map"]
    assert 'data-testid="corrected"' in response.content.decode()
    # The guidance's words are known to the correction too.
    response = search(leader_client, "confidentality")
    assert groups(response)["guidance"].count > 0


def test_a_synonym_term_is_never_corrected(leader_client):
    ResourceFactory(title="Ferry schedules")
    response = search(leader_client, "FERPA")
    assert response.context["text"].text == "FERPA"
    assert groups(response)["resources"].count == 0


HOSTILE = [
    "x" * 10_000,
    "'; DROP TABLE hub_resource; --",
    "privacy' OR '1'='1",
    "((((",
    "-",
    '"',
    "or",
    "!!! & | :*",
    "census\x00data",
    "<script>alert(1)</script>",
    'law law law -law "law" ferpa:* phi|gis',
    "\u202e\u200b\ufeff",
]


@pytest.mark.parametrize("q", HOSTILE)
def test_any_search_text_gets_a_page(leader_client, q):
    ResourceFactory(title="Census data")
    response = leader_client.get("/search/", {"q": q})
    assert response.status_code == 200
    assert b"<script>alert(1)" not in response.content
    for kind in ("guidance", "resources", "nope"):
        assert leader_client.get("/search/", {"q": q, "kind": kind, "facet": q}).status_code == 200
    assert leader_client.get("/search/suggest/", {"q": q}).status_code == 200
    assert leader_client.get("/resources/", {"q": q}).status_code == 200


def test_no_search_text_shows_the_empty_page(leader_client):
    response = leader_client.get("/search/")
    assert response.status_code == 200
    assert response.context["groups"] == []
    assert response.context["suggest_form"] is None


def test_the_query_count_does_not_grow_with_the_results(leader_client):
    for n in range(3):
        ResourceFactory(title=f"Dashboard {n}", tags=[f"tag{n}"])
        draft(title=f"Dashboard draft {n}")

    def queries(client, q):
        with CaptureQueriesContext(connection) as captured:
            search(client, q)
        return len(captured)

    few = {(c, q): queries(c, q) for c in (leader_client,) for q in ("dashboard", "dashboard law")}
    for n in range(3, 30):
        ResourceFactory(title=f"Dashboard {n}", tags=[f"tag{n}"])
    for key, count in few.items():
        assert queries(*key) <= count, key


def test_the_curators_query_count_does_not_grow_with_drafts(curator_client):
    draft(title="Dashboard draft")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            search(curator_client, "dashboard")
        return len(captured)

    few = queries()
    for n in range(4):
        draft(title=f"Dashboard draft {n}")
        ResourceFactory(title=f"Dashboard {n}")
    assert queries() <= few
    resources = groups(search(curator_client, "dashboard"))["resources"]
    assert resources.count == 9  # 4 published, 5 drafts
    assert ("Draft", 5) in {(f.label, f.count) for f in resources.facets}
    assert len(resources.rows) == 5


def fake_kind(user, text, limit):
    return KindResult(
        [Hit(f"Dataset about {text.text}", "/inventory/1/", "Dataset")],
        1,
        [FacetCount("Public", 1, "")],
        "",
    )


def test_an_app_plugs_a_kind_in_through_the_registry(leader_client, monkeypatch):
    monkeypatch.setattr(site_search, "KINDS", dict(site_search.KINDS))
    site_search.register("datasets", "Inventory datasets", f"{__name__}.fake_kind", order=15)
    response = search(leader_client, "census")
    assert list(groups(response)) == ["resources", "datasets", "guidance", "ai"]
    assert "Dataset about census" in response.content.decode()
    one = search(leader_client, "census", kind="datasets")
    assert list(groups(one)) == ["datasets"]


def test_the_header_has_the_site_search_box(leader_client):
    body = leader_client.get("/").content.decode()
    assert 'role="search"' in body
    assert '<label for="site-search-q"' in body
    assert 'action="/search/"' in body


def test_a_guidance_edit_teaches_the_typo_correction_its_words(leader_client):
    from sharing.models import Clause

    clause = Clause.objects.get(key="costs")
    clause.text = "Say who bears the costs of providing the data, including reimbursement."
    clause.save()
    response = search(leader_client, "reimbursment")
    assert response.context["text"].text == "reimbursement"
    assert titles(groups(response)["guidance"]) == ["Costs"]


def test_the_published_results_are_kept_until_the_catalog_changes(leader_client):
    ResourceFactory(title="Census table")
    assert groups(search(leader_client, "census"))["resources"].count == 1
    with CaptureQueriesContext(connection) as captured:
        search(leader_client, "census")
    assert not any("hub_resource" in q["sql"] for q in captured.captured_queries)
    ResourceFactory(title="Census map")  # a change renews the catalog's version
    assert groups(search(leader_client, "census"))["resources"].count == 2
