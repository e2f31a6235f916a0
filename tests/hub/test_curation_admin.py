import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from taggit.models import Tag

from hub import catalog_services
from hub.catalog_models import Resource, TaggedResource, Watch
from tests.hub.factories import ResourceFactory, draft

pytestmark = pytest.mark.django_db


def test_curator_sees_the_resource_changelist_with_filters(curator_client):
    ResourceFactory(title="Census guide")
    response = curator_client.get("/admin/hub/resource/?status__exact=published&q=census")
    assert response.status_code == 200
    assert b"Census guide" in response.content
    assert b"Import CSV" in response.content and b"Export catalog CSV" in response.content


def test_reader_cannot_reach_the_admin(leader_client):
    response = leader_client.get("/admin/hub/resource/")
    assert response.status_code == 302


def test_bulk_publish_and_archive_keep_history(curator_client, curator):
    first, second = draft(title="One"), draft(title="Two")
    response = curator_client.post(
        "/admin/hub/resource/",
        {"action": "publish", "_selected_action": [first.pk, second.pk]},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == "published" and first.published_at is not None
    assert first.history.first().history_user == curator
    curator_client.post(
        "/admin/hub/resource/", {"action": "archive", "_selected_action": [first.pk]}
    )
    first.refresh_from_db()
    assert first.status == "archived"
    assert [h.status for h in first.history.order_by("history_date")] == [
        "draft", "published", "archived",
    ]  # fmt: skip


def test_history_page_shows_who_changed_what(curator_client):
    resource = ResourceFactory()
    response = curator_client.get(f"/admin/hub/resource/{resource.pk}/history/")
    assert response.status_code == 200


def test_admin_add_records_creator_and_tags(curator_client, curator):
    response = curator_client.post(
        "/admin/hub/resource/add/",
        {
            "title": "New tool", "slug": "new-tool", "url": "https://tool.ct.gov",
            "description": "", "tags": "gis, python", "resource_type": "tool",
            "audience": "all_staff", "cost": "free", "status": "published",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    resource = Resource.objects.get(slug="new-tool")
    assert resource.created_by == curator and resource.published_at
    assert sorted(resource.tags.names()) == ["gis", "python"]


def test_admin_import_reuses_the_import_rules(curator_client):
    bad = SimpleUploadedFile(
        "r.csv",
        b"title,url,resource_type,tags,provider\nA,https://a.ct.gov,guidance,,OPM\n"
        b"B,https://b.ct.gov,podcast,,OPM\n",
    )
    response = curator_client.post("/admin/hub/resource/import/", {"file": bad})
    assert b"line 3: unknown resource_type" in response.content
    assert Resource.objects.count() == 0
    good = SimpleUploadedFile(
        "r.csv", b"title,url,resource_type,tags,provider\nA,https://a.ct.gov,guidance,gis,\n"
    )
    response = curator_client.post("/admin/hub/resource/import/", {"file": good})
    assert response.status_code == 302
    assert Resource.objects.get().tags.names()[0] == "gis"


def test_admin_import_records_the_curator_in_each_rows_history(curator_client, curator):
    header = b"title,url,resource_type,tags,provider,status\n"
    rows = b"A,https://a.ct.gov,guidance,gis,OPM,published\nB,https://b.ct.gov,tool,,,draft\n"
    response = curator_client.post(
        "/admin/hub/resource/import/", {"file": SimpleUploadedFile("r.csv", header + rows)}
    )
    assert response.status_code == 302
    again = rows.replace(b"B,", b"B renamed,")
    curator_client.post(
        "/admin/hub/resource/import/", {"file": SimpleUploadedFile("r.csv", header + again)}
    )
    a, b = Resource.objects.get(title="A"), Resource.objects.get(title="B renamed")
    assert a.created_by == curator and b.updated_by == curator and a.published_at
    assert [(h.history_type, h.history_user) for h in a.history.all()] == [("+", curator)]
    assert [(h.history_type, h.history_user, h.title) for h in b.history.all()] == [
        ("~", curator, "B renamed"), ("+", curator, "B"),
    ]  # fmt: skip


def test_export_neutralises_formulas(curator_client):
    ResourceFactory(title='=HYPERLINK("http://evil")', description="+1", tags=["gis"])
    ResourceFactory(title="Plain title", description="@SUM(A1)")
    response = curator_client.get("/admin/hub/resource/export/")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_title = {r["title"]: r for r in rows}
    assert '\'=HYPERLINK("http://evil")' in by_title
    assert by_title['\'=HYPERLINK("http://evil")']["description"] == "'+1"
    assert by_title["Plain title"]["description"] == "'@SUM(A1)"
    assert by_title["Plain title"]["provider"] == "OPM"


def test_merge_tags_repoints_every_link(curator, curator_client):
    both = ResourceFactory(title="Both", tags=["maps", "gis"])
    only_maps = ResourceFactory(title="Only maps", tags=["maps"])
    maps, gis = Tag.objects.get(name="maps"), Tag.objects.get(name="gis")
    Watch.objects.create(user=curator, tag=maps)
    response = curator_client.post(
        "/admin/taggit/tag/",
        {"action": "merge", "_selected_action": [maps.pk, gis.pk], "apply": "1",
         "target": gis.pk},
    )  # fmt: skip
    assert response.status_code == 302
    assert not Tag.objects.filter(name="maps").exists()
    assert list(both.tags.names()) == ["gis"] and list(only_maps.tags.names()) == ["gis"]
    assert TaggedResource.objects.filter(tag=gis).count() == 2
    assert Watch.objects.get(user=curator).tag == gis
    html = curator_client.get("/resources/?q=gis").content.decode()
    assert "Only maps" in html


def test_merge_form_is_shown_before_merging(curator_client):
    ResourceFactory(tags=["maps", "gis"])
    ids = list(Tag.objects.filter(name__in=["maps", "gis"]).values_list("pk", flat=True))
    response = curator_client.post(
        "/admin/taggit/tag/", {"action": "merge", "_selected_action": ids}
    )
    assert response.status_code == 200 and b"Merge into" in response.content
    assert Tag.objects.filter(name="maps").exists()


def test_rename_tag_keeps_links(curator_client):
    resource = ResourceFactory(tags=["maps"])
    tag = Tag.objects.get(name="maps")
    response = curator_client.post(
        f"/admin/taggit/tag/{tag.pk}/change/", {"name": "Cartography", "slug": "cartography"}
    )
    assert response.status_code == 302
    assert list(resource.tags.names()) == ["cartography"]


def test_rename_into_existing_tag_merges():
    resource = ResourceFactory(tags=["maps"])
    other = ResourceFactory(tags=["gis"])
    target = catalog_services.rename_tag(Tag.objects.get(name="maps"), "GIS")
    assert target.name == "gis"
    assert list(resource.tags.names()) == ["gis"] and list(other.tags.names()) == ["gis"]


def test_admin_preview_is_the_detail_page_for_drafts(curator_client):
    resource = draft(title="Preview me")
    change = curator_client.get(f"/admin/hub/resource/{resource.pk}/change/")
    assert b"View on site" in change.content
    preview = curator_client.get(resource.get_absolute_url())
    assert preview.status_code == 200 and b"Preview: this resource is" in preview.content


def test_tag_changes_are_noted_in_the_history(curator_client):
    resource = ResourceFactory(title="Tagged", tags=["gis"])
    response = curator_client.post(
        f"/admin/hub/resource/{resource.pk}/change/",
        {
            "title": "Tagged", "slug": resource.slug, "url": resource.url, "description": "",
            "tags": "gis, python", "resource_type": "guidance", "audience": "all_staff",
            "cost": "free", "status": "published",
        },
    )  # fmt: skip
    assert response.status_code == 302
    latest = resource.history.first()
    assert latest.history_change_reason == "tags: gis, python"
    page = curator_client.get(f"/admin/hub/resource/{resource.pk}/history/")
    assert b"tags: gis, python" in page.content


def test_admin_refuses_a_tag_longer_than_the_tag_table_allows(curator_client):
    response = curator_client.post(
        "/admin/hub/resource/add/",
        {"title": "Long tag", "slug": "long-tag", "url": "https://example.ct.gov/long-tag",
         "tags": "ok, " + "x" * 101, "resource_type": "tool", "audience": "all_staff",
         "cost": "free", "status": "published"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "A tag can be at most 100 characters long." in response.content.decode()
    assert not Resource.objects.filter(slug="long-tag").exists()


def test_export_guards_full_width_formula_signs_too(curator_client):
    """＝ ＠ － ＋ are read as = @ - + by some spreadsheets: the one guard covers them."""
    for title in ['＝HYPERLINK("http://evil")', "＠SUM(A1)", "－2+3", "＋cmd", "  =1+1"]:
        ResourceFactory(title=title)
    response = curator_client.get("/admin/hub/resource/export/")
    titles = {r["title"] for r in csv.DictReader(io.StringIO(response.content.decode()))}
    assert titles == {
        "'＝HYPERLINK(\"http://evil\")", "'＠SUM(A1)", "'－2+3", "'＋cmd", "'  =1+1",
    }  # fmt: skip
