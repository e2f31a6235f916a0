"""The admin shows requests (and their comments, files and logs) only as visible_to allows.

A staff account that is a data officer of an unrelated agency, even with every view
permission, cannot list or open another agency's request there; curators still edit the
guidance library and see every request.
"""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile

from sharing.models import RequestAttachment, RequestComment
from tests.sharing.factories import SharingRequestFactory, log

pytestmark = pytest.mark.django_db

RECORDS = ["sharingrequest", "transitionlog", "requestcomment", "requestattachment"]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def others(draft, requester, provider, media):
    """A DOL-SDE request with a comment, an attachment and a log entry."""
    draft.title = "Secret wage match DOL-SDE"
    draft.save()
    comment = RequestComment.objects.create(
        request=draft, author=provider, body="Secret comment about wages"
    )
    attachment = RequestAttachment(
        request=draft,
        uploaded_by=requester,
        name="secret-plan.pdf",
        content_type="application/pdf",
        size=9,
    )
    attachment.file.save("secret-plan.pdf", ContentFile(b"%PDF-1.7"), save=True)
    entry = log(draft, requester, "submitted")
    entry.comment = "Secret log comment"
    entry.save()
    return {
        "sharingrequest": draft,
        "requestcomment": comment,
        "requestattachment": attachment,
        "transitionlog": entry,
    }


@pytest.fixture
def staff_outsider(outsider, dcf, sde):
    """A DCF data officer made staff with every view permission on request records."""
    outsider.is_staff = True
    outsider.save()
    outsider.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="sharing", codename__in=[f"view_{m}" for m in RECORDS]
        )
    )
    own = SharingRequestFactory(
        title="DCF own request", requesting_agency=dcf, providing_agency=sde, created_by=outsider
    )
    return outsider, own


@pytest.mark.parametrize("model", RECORDS)
def test_outsider_cannot_list_or_open_another_agencys_records(
    client, others, staff_outsider, model
):
    user, own = staff_outsider
    client.force_login(user)
    listing = client.get(f"/admin/sharing/{model}/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "Secret" not in page and "secret-plan" not in page
    if model == "sharingrequest":
        assert "DCF own request" in page  # the list works, it is only scoped
    pk = others[model].pk
    for suffix in ("change/", "history/", "delete/"):
        response = client.get(f"/admin/sharing/{model}/{pk}/{suffix}")
        assert response.status_code in (302, 403, 404), suffix
        if response.status_code == 302:
            assert response["Location"] == "/admin/"
            assert "Secret" not in client.get("/admin/").content.decode()


def test_outsider_search_does_not_reveal_titles(client, others, staff_outsider):
    user, _own = staff_outsider
    client.force_login(user)
    response = client.get("/admin/sharing/sharingrequest/", {"q": "Secret"})
    assert response.status_code == 200
    assert "Secret wage match" not in response.content.decode()


def test_party_officer_with_staff_sees_own_agencys_request(client, others, provider):
    provider.is_staff = True
    provider.save()
    provider.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="sharing", codename__startswith="view_")
    )
    client.force_login(provider)
    response = client.get(f"/admin/sharing/sharingrequest/{others['sharingrequest'].pk}/change/")
    assert response.status_code == 200
    assert "Secret wage match DOL-SDE" in response.content.decode()


@pytest.mark.parametrize("model", RECORDS)
def test_curator_sees_every_record_read_only(client, others, sharing_curator, model):
    client.force_login(sharing_curator)
    listing = client.get(f"/admin/sharing/{model}/")
    assert listing.status_code == 200
    response = client.get(f"/admin/sharing/{model}/{others[model].pk}/change/")
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()  # view only
    assert client.get(f"/admin/sharing/{model}/add/").status_code == 403


def test_attachment_admin_has_no_direct_file_link(client, others, sharing_curator):
    client.force_login(sharing_curator)
    pk = others["requestattachment"].pk
    page = client.get(f"/admin/sharing/requestattachment/{pk}/change/").content.decode()
    assert "secret-plan.pdf" in page
    assert "/media/" not in page


def test_curator_still_edits_guidance(client, sharing_curator):
    client.force_login(sharing_curator)
    response = client.get("/admin/sharing/datacategory/add/")
    assert response.status_code == 200
    response = client.post(
        "/admin/sharing/datacategory/add/",
        {"key": "new_category", "name": "A new category", "description": ""},
    )
    assert response.status_code == 302
    from sharing.models import DataCategory

    assert DataCategory.objects.filter(key="new_category").exists()


def test_non_staff_officer_has_no_admin_at_all(client, others, outsider):
    client.force_login(outsider)
    response = client.get("/admin/sharing/sharingrequest/")
    assert response.status_code == 302
    assert "/login" in response["Location"]
