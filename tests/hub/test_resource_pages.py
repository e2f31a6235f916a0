import pytest

from tests import factories
from tests.hub.factories import ResourceFactory, draft

pytestmark = pytest.mark.django_db


def test_detail_shows_tags_provider_link_check_and_related(leader_client):
    resource = ResourceFactory(
        title="Mapping guide", description="Use **maps**.", tags=["gis", "census", "python"]
    )
    resource.link_status, resource.link_checked_at = 200, resource.created_at
    resource.save()
    close = ResourceFactory(title="Census maps", tags=["gis", "census"])
    far = ResourceFactory(title="Python basics", tags=["python"])
    ResourceFactory(title="Unrelated", tags=["budget"])
    response = leader_client.get(f"/resources/{resource.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>maps</strong>" in html
    assert 'href="/resources/?tag=gis"' in html
    assert "Office of Policy and Management" in html
    assert "HTTP 200" in html
    assert response.context["related"] == [close, far]


def test_draft_is_404_for_readers_of_any_agency(leader_client, client, other_agency_user):
    resource = draft(title="Not yet")
    assert leader_client.get(f"/resources/{resource.slug}/").status_code == 404
    client.force_login(other_agency_user)
    assert client.get(f"/resources/{resource.slug}/").status_code == 404


def test_archived_is_404_for_readers(leader_client):
    resource = ResourceFactory(status="archived")
    assert leader_client.get(f"/resources/{resource.slug}/").status_code == 404


def test_published_resource_is_visible_to_every_agency(client, other_agency_user):
    resource = ResourceFactory(title="For everyone")
    client.force_login(other_agency_user)
    assert client.get(f"/resources/{resource.slug}/").status_code == 200


def test_curator_previews_a_draft(curator_client):
    resource = draft(title="Coming soon")
    response = curator_client.get(f"/resources/{resource.slug}/")
    assert response.status_code == 200
    assert b"Preview: this resource is" in response.content


def test_tags_page_lists_every_tag_with_its_published_count(leader_client):
    ResourceFactory(tags=["gis", "census"])
    ResourceFactory(tags=["gis"])
    draft(tags=["census", "secret-tag"])
    response = leader_client.get("/resources/tags/")
    counts = {t.name: t.count for t in response.context["tags"]}
    assert counts["gis"] == 2 and counts["census"] == 1
    assert "secret-tag" not in counts
    assert counts["data privacy"] == 0  # topics are listed even when empty
    assert {t.name for t in response.context["topics"]} >= {"gis", "ethics", "metadata"}


def test_curation_page_lists_broken_links_and_overdue_reviews(curator_client):
    from django.utils import timezone

    broken = ResourceFactory(title="Dead link", link_status=404)
    ResourceFactory(title="Fine link", link_status=200)
    overdue = ResourceFactory(
        title="Stale", review_by=timezone.localdate() - timezone.timedelta(days=1)
    )
    ResourceFactory(title="Fresh", review_by=timezone.localdate() + timezone.timedelta(days=9))
    response = curator_client.get("/resources/curation/")
    assert list(response.context["broken"]) == [broken]
    assert list(response.context["overdue"]) == [overdue]


def test_curation_page_is_forbidden_to_other_roles(leader_client, client):
    assert leader_client.get("/resources/curation/").status_code == 403
    client.force_login(factories.reviewer(agency=factories.AgencyFactory(code="OPM")))
    assert client.get("/resources/curation/").status_code == 403


def related_section(answer) -> str:
    html = answer.content.decode()
    start = html.index('id="related-heading"')
    return html[start : html.index("</section>", start)]


def test_detail_query_count_does_not_grow_with_tags_or_related(
    leader_client, django_assert_max_num_queries
):
    resource = ResourceFactory(title="Hub", tags=[f"t{n}" for n in range(8)])
    for n in range(8):
        ResourceFactory(title=f"Neighbour {n}", tags=[f"t{n}", f"t{(n + 1) % 8}"])
    # session, user, their groups, resource, its tags with the user's watches, related
    # ranking, related rows
    with django_assert_max_num_queries(7):
        response = leader_client.get(f"/resources/{resource.slug}/")
    assert len(response.context["related"]) == 5 and len(response.context["tags"]) == 8
    # The description and related resources are a cached fragment for the catalog's version:
    # session, user with its groups, resource, its tags with the user's watches.
    with django_assert_max_num_queries(4):
        again = leader_client.get(f"/resources/{resource.slug}/")

    assert related_section(again) == related_section(response)
    assert related_section(again).count("<li>") == 5


def test_tags_page_is_served_from_the_cache_until_the_catalog_changes(
    leader_client, django_assert_num_queries
):
    ResourceFactory(tags=["gis"])
    first = leader_client.get("/resources/tags/").content.decode()
    assert ">gis</a>" in first and ">census</a>" not in first
    with django_assert_num_queries(2):  # the session, the user with its groups: lists cached
        again = leader_client.get("/resources/tags/").content.decode()
    assert ">gis</a>" in again
    ResourceFactory(tags=["census"])  # any change to the catalog renews the lists
    changed = leader_client.get("/resources/tags/").content.decode()
    assert ">census</a>" in changed


def test_related_resources_are_cached_until_the_catalog_changes(leader_client):
    resource = ResourceFactory(title="Mapping guide", tags=["gis", "census"])
    close = ResourceFactory(title="Census maps", tags=["gis", "census"])
    assert leader_client.get(f"/resources/{resource.slug}/").context["related"] == [close]
    closer = ResourceFactory(title="Census atlas", tags=["gis", "census"])
    related = leader_client.get(f"/resources/{resource.slug}/").context["related"]
    assert set(related) == {close, closer}
    closer.status = "archived"
    closer.save()
    assert leader_client.get(f"/resources/{resource.slug}/").context["related"] == [close]


def test_an_edited_description_shows_at_once(leader_client):
    resource = ResourceFactory(title="Mapping guide", description="Use **maps**.")
    assert (
        "<strong>maps</strong>"
        in leader_client.get(f"/resources/{resource.slug}/").content.decode()
    )
    resource.description = "Use *atlases*."
    resource.save()  # any save renews the catalog's version, and so the cached description
    html = leader_client.get(f"/resources/{resource.slug}/").content.decode()
    assert "<em>atlases</em>" in html and "<strong>maps</strong>" not in html
