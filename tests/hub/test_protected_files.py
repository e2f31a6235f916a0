"""Uploaded files leave only through views that check permission, never from /media/."""

import importlib
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import clear_url_caches

from tests import factories
from tests.hub.factories import ResourceFactory
from tests.hub.factories import draft as draft_resource
from tests.sharing.factories import SharingRequestFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 polyglot"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def development_urls(settings, media):
    """The URLconf as development builds it: config.urls reads DEBUG (and MEDIA_ROOT) when it
    is imported."""
    import config.urls

    settings.DEBUG = True
    importlib.reload(config.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()


@pytest.fixture
def party(db):
    return factories.data_officer(agency=factories.AgencyFactory(code="DOL"))


@pytest.fixture
def outsider(db):
    """A data officer of an agency that is party to nothing here."""
    return factories.data_officer(agency=factories.AgencyFactory(code="DCF"))


def upload(client, sr, user, name="polyglot.pdf"):
    client.force_login(user)
    response = client.post(
        f"/sharing/requests/{sr.pk}/attachments/", {"file": SimpleUploadedFile(name, PDF)}
    )
    assert response.status_code == 302
    client.logout()
    return sr.attachments.latest("pk")


@pytest.fixture
def attachment(client, media, party):
    sr = SharingRequestFactory(requesting_agency=party.agency, created_by=party)
    return upload(client, sr, party)


def attachment_url(attachment):
    return f"/sharing/requests/{attachment.request_id}/attachments/{attachment.pk}/"


def resource_with_file(make=ResourceFactory, **kwargs):
    return make(url="", file=SimpleUploadedFile("guide.pdf", PDF), **kwargs)


def assert_protected_download(response, filename):
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"


def test_media_url_serves_nothing_in_development(client, development_urls, attachment, outsider):
    client.force_login(outsider)
    assert client.get("/media/" + attachment.file.name).status_code == 404


def test_attachment_is_served_to_a_party_only(client, attachment, party, outsider):
    client.force_login(outsider)
    assert client.get(attachment_url(attachment)).status_code == 404
    client.force_login(party)
    response = client.get(attachment_url(attachment))
    assert_protected_download(response, "polyglot.pdf")
    assert b"".join(response.streaming_content) == PDF


def test_attachment_stored_name_holds_neither_request_nor_uploaded_name(client, attachment, party):
    name = attachment.file.name
    assert re.fullmatch(r"sharing/requests/[0-9a-f]{32}\.pdf", name), name
    assert "polyglot" not in name
    assert str(attachment.request_id) not in name.split("/")
    assert upload(client, attachment.request, party).file.name != name


def test_published_resource_file_is_served_to_anyone_signed_in(client, media):
    resource = resource_with_file()
    assert re.fullmatch(r"resources/[0-9a-f]{32}\.pdf", resource.file.name), resource.file.name
    client.force_login(factories.UserFactory())
    response = client.get(f"/resources/{resource.slug}/file")
    assert_protected_download(response, f"{resource.slug}.pdf")
    assert b"".join(response.streaming_content) == PDF


def test_resource_detail_links_to_the_checked_view(client, media):
    resource = resource_with_file()
    client.force_login(factories.UserFactory())
    page = client.get(f"/resources/{resource.slug}/").content.decode()
    assert f'href="/resources/{resource.slug}/file"' in page
    assert "/media/" not in page


def test_resource_file_needs_sign_in(client, media):
    resource = resource_with_file()
    response = client.get(f"/resources/{resource.slug}/file")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_draft_resource_file_is_served_to_curators_only(client, media, curator):
    resource = resource_with_file(draft_resource)
    client.force_login(factories.data_officer())
    assert client.get(f"/resources/{resource.slug}/file").status_code == 404
    client.force_login(curator)
    assert_protected_download(
        client.get(f"/resources/{resource.slug}/file"), f"{resource.slug}.pdf"
    )


def test_resource_without_a_file_has_no_file_page(client):
    resource = ResourceFactory()
    client.force_login(factories.UserFactory())
    assert client.get(f"/resources/{resource.slug}/file").status_code == 404


def test_missing_file_on_disk_is_404_not_500(client, media, attachment, party):
    (media / attachment.file.name).unlink()
    client.force_login(party)
    assert client.get(attachment_url(attachment)).status_code == 404


def test_with_accel_prefix_the_proxy_sends_the_file(client, settings, attachment, party):
    settings.PROTECTED_FILES_ACCEL_PREFIX = "/protected/"
    resource = resource_with_file()
    client.force_login(party)
    for url, stored, filename in [
        (attachment_url(attachment), attachment.file.name, "polyglot.pdf"),
        (f"/resources/{resource.slug}/file", resource.file.name, f"{resource.slug}.pdf"),
    ]:
        response = client.get(url)
        assert_protected_download(response, filename)
        assert response["X-Accel-Redirect"] == f"/protected/{stored}"
        assert not response.streaming and response.content == b""


def test_admin_change_form_links_the_current_file_to_the_checked_view(client, media):
    resource = resource_with_file()
    client.force_login(factories.curator())
    page = client.get(f"/admin/hub/resource/{resource.pk}/change/").content.decode()
    assert f'href="/resources/{resource.slug}/file"' in page
    assert "/media/" not in page
