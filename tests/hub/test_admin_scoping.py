"""The catalog's admin for staff who are not curators: no one else's drafts, no changes."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from taggit.models import Tag

from hub.catalog_models import Resource, Watch
from tests import factories
from tests.hub.factories import ResourceFactory, draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    """Staff of another app who were given every catalog permission, but not the role."""
    user = factories.data_officer(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["hub", "taggit"],
            codename__regex=r"_(resource|tag|watch|historicalresource)$",
        )
    )
    return user


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def catalog(staff, curator):
    return {
        "published": ResourceFactory(title="Published guide"),
        "others_draft": draft(title="Someone else's draft", owner=curator, created_by=curator),
        "own_draft": draft(title="My own draft", created_by=staff),
    }


def test_changelist_hides_other_peoples_drafts(staff_client, catalog):
    response = staff_client.get("/admin/hub/resource/")
    assert response.status_code == 200
    titles = {r.title for r in response.context["cl"].result_list}
    assert titles == {"Published guide", "My own draft"}
    search = staff_client.get("/admin/hub/resource/", {"q": "draft", "status__exact": "draft"})
    assert {r.title for r in search.context["cl"].result_list} == {"My own draft"}


def test_a_curator_still_sees_every_draft(curator_client, catalog):
    response = curator_client.get("/admin/hub/resource/")
    assert len(response.context["cl"].result_list) == 3


def test_other_peoples_drafts_cannot_be_opened_by_url(staff_client, catalog):
    other = catalog["others_draft"]
    change = staff_client.get(f"/admin/hub/resource/{other.pk}/change/")
    assert change.status_code == 302  # "does not exist" back to the admin index
    history = staff_client.get(f"/admin/hub/resource/{other.pk}/history/")
    assert history.status_code in {302, 403, 404}
    version = other.history.first()
    old = staff_client.get(f"/admin/hub/resource/{other.pk}/history/{version.history_id}/")
    assert old.status_code == 403


def test_staff_without_the_role_cannot_change_resources(staff_client, catalog):
    published = catalog["published"]
    page = staff_client.get(f"/admin/hub/resource/{published.pk}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content
    post = staff_client.post(
        f"/admin/hub/resource/{published.pk}/change/",
        {"title": "Hijacked", "slug": published.slug, "url": published.url,
         "resource_type": "tool", "audience": "all_staff", "cost": "free",
         "status": "archived"},
    )  # fmt: skip
    assert post.status_code == 403
    assert staff_client.get("/admin/hub/resource/add/").status_code == 403
    assert staff_client.get(f"/admin/hub/resource/{published.pk}/delete/").status_code == 403
    assert staff_client.get("/admin/hub/resource/import/").status_code == 403
    action = staff_client.post(
        "/admin/hub/resource/",
        {"action": "archive", "_selected_action": [catalog["own_draft"].pk, published.pk]},
    )
    published.refresh_from_db()
    assert published.title == "Published guide" and published.status == "published"
    assert action.status_code in {200, 302}
    assert Resource.objects.filter(status="archived").count() == 0


def test_export_holds_only_what_the_staff_member_may_see(staff_client, catalog):
    response = staff_client.get("/admin/hub/resource/export/")
    titles = {row["title"] for row in csv.DictReader(io.StringIO(response.content.decode()))}
    assert titles == {"Published guide", "My own draft"}


def test_tags_and_watches_are_read_only_and_watches_private(staff_client, staff, catalog):
    ResourceFactory(tags=["maps", "gis"])
    maps, gis = Tag.objects.get(name="maps"), Tag.objects.get(name="gis")
    merge = staff_client.post(
        "/admin/taggit/tag/",
        {"action": "merge", "_selected_action": [maps.pk, gis.pk], "apply": "1",
         "target": gis.pk},
    )  # fmt: skip
    assert merge.status_code in {200, 302}
    assert Tag.objects.filter(name="maps").exists()
    rename = staff_client.post(f"/admin/taggit/tag/{maps.pk}/change/", {"name": "x", "slug": "x"})
    assert rename.status_code == 403
    someone = factories.leader()
    Watch.objects.create(user=someone, tag=gis)
    mine = Watch.objects.create(user=staff, tag=maps)
    watches = staff_client.get("/admin/hub/watch/")
    assert list(watches.context["cl"].result_list) == [mine]
