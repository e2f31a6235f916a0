"""Visibility: parties' data officers and reviewers see a request; anyone else gets 404."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sharing.models import RequestAttachment, SharingRequest, State
from tests import factories
from tests.sharing.factories import SharingRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def attachment(draft, requester, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return RequestAttachment.objects.create(
        request=draft,
        uploaded_by=requester,
        file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan"),
        name="plan.pdf",
        content_type="application/pdf",
        size=13,
    )


def object_urls(sr, attachment):
    base = f"/sharing/requests/{sr.pk}/"
    return [
        base,
        base + "agreement.docx",
        base + f"attachments/{attachment.pk}/",
        base + "edit/purpose/",
    ]


def post_urls(sr):
    base = f"/sharing/requests/{sr.pk}/"
    return [
        (base + "actions/", {"action": "withdraw", "version": sr.version}),
        (base + "actions/", {"action": "approve", "version": sr.version}),
        (base + "comments/", {"body": "Hello"}),
        (base + "attachments/", {"file": SimpleUploadedFile("a.txt", b"hi")}),
        (base + "edit/purpose/", {"purpose": "x", "legal_authority": "y"}),
    ]


def test_unrelated_data_officer_gets_404_everywhere(client, draft, attachment, outsider):
    client.force_login(outsider)
    for url in object_urls(draft, attachment):
        assert client.get(url).status_code == 404, url
    for url, data in post_urls(draft):
        assert client.post(url, data).status_code == 404, url
    draft.refresh_from_db()
    assert draft.state == State.DRAFT
    assert draft.comments.count() == 0 and draft.attachments.count() == 1
    assert draft.purpose != "x"


@pytest.mark.parametrize("role", [factories.leader, factories.UserFactory])
def test_users_without_a_sharing_role_get_404(client, draft, attachment, role):
    client.force_login(role(agency=draft.requesting_agency))
    for url in object_urls(draft, attachment):
        assert client.get(url).status_code == 404, url


def test_parties_and_reviewers_see_the_request(
    client, draft, attachment, requester, provider, sharing_reviewer, sharing_curator
):
    for user in [requester, provider, sharing_reviewer, sharing_curator]:
        client.force_login(user)
        assert client.get(f"/sharing/requests/{draft.pk}/").status_code == 200
        response = client.get(f"/sharing/requests/{draft.pk}/attachments/{attachment.pk}/")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 plan"


def test_attachment_of_another_request_is_404(client, draft, attachment, requester):
    other = SharingRequestFactory(requesting_agency=requester.agency)
    client.force_login(requester)
    assert (
        client.get(f"/sharing/requests/{other.pk}/attachments/{attachment.pk}/").status_code == 404
    )


def test_attachment_downloads_under_its_shown_name_never_rendered(
    client, draft, attachment, sharing_reviewer
):
    attachment.name = 'Plan "final" – été.pdf'
    attachment.save()
    client.force_login(sharing_reviewer)
    response = client.get(f"/sharing/requests/{draft.pk}/attachments/{attachment.pk}/")
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Plan%20%22final%22%20%E2%80%93%20%C3%A9t%C3%A9.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_visible_to_scopes_lists(draft, requester, provider, outsider, sharing_reviewer):
    SharingRequestFactory()  # between two other agencies
    assert list(SharingRequest.objects.visible_to(requester)) == [draft]
    assert list(SharingRequest.objects.visible_to(provider)) == [draft]
    assert list(SharingRequest.objects.visible_to(outsider)) == []
    assert SharingRequest.objects.visible_to(sharing_reviewer).count() == 2


def test_queue_lists_only_visible_requests(client, draft, outsider, requester):
    hidden = SharingRequestFactory(title="Secret pair")
    client.force_login(outsider)
    page = client.get("/sharing/requests/?view=all").content.decode()
    assert draft.title not in page and hidden.title not in page
    client.force_login(requester)
    page = client.get("/sharing/requests/?view=all").content.decode()
    assert draft.title in page and hidden.title not in page


def test_only_requesters_officers_edit_and_only_while_theirs(client, draft, provider, requester):
    client.force_login(provider)
    response = client.post(
        f"/sharing/requests/{draft.pk}/edit/purpose/", {"purpose": "x", "legal_authority": "y"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.purpose != "x"
    client.force_login(requester)
    client.post(
        f"/sharing/requests/{draft.pk}/edit/purpose/",
        {"purpose": "New", "legal_authority": "y", "version": draft.version},
    )
    draft.refresh_from_db()
    assert draft.purpose == "New"


def test_only_data_officers_start_requests(client, sharing_reviewer, requester):
    client.force_login(sharing_reviewer)
    assert client.get("/sharing/requests/new/").status_code == 403
    client.force_login(requester)
    assert client.get("/sharing/requests/new/").status_code == 200
