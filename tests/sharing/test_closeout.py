"""Close-out with evidence: the receiving agency certifies destruction (date, method,
official, signed PDF checked by content); a reviewer verifies it, which closes the
agreement; the certificate is on the timeline and in the register; overdue close-outs
show on the officer's and the reviewer's home pages."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from sharing.models import DestructionCertificate, State
from tests.sharing.factories import SharingRequestFactory, executed

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture
def ended(dol, sde, requester):
    """A terminated agreement: DOL received SDE's data."""
    return SharingRequestFactory(
        title="Graduates' wages",
        requesting_agency=dol,
        providing_agency=sde,
        created_by=requester,
        state=State.TERMINATED,
        effective_date=TODAY - datetime.timedelta(days=300),
        expiry_date=TODAY + datetime.timedelta(days=60),
    )


def certify(client, sr, **overrides):
    data = {
        "destroyed_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
        "method": "cryptographic_erasure",
        "method_other": "",
        "official_name": "Pat Officer",
        "official_title": "Chief Information Security Officer",
        "certificate": SimpleUploadedFile("certificate.pdf", PDF, "application/pdf"),
    }
    data.update(overrides)
    return client.post(f"/sharing/requests/{sr.pk}/destruction/", data)


def test_receiving_officer_certifies_and_reviewer_verifies(
    client, ended, requester, provider, sharing_reviewer, settings
):
    settings.SITE_URL = "https://datahub.example.ct.gov"
    client.force_login(provider)  # the providing agency does not certify
    page = client.get(f"/sharing/requests/{ended.pk}/").content.decode()
    assert "Waiting for a data officer of Department of Labor" in page
    assert certify(client, ended).status_code == 403
    client.force_login(sharing_reviewer)  # nor may the reviewer close without a certificate
    response = client.post(
        f"/sharing/requests/{ended.pk}/actions/",
        {"action": "close", "version": ended.version, "confirmed": "1"},
    )
    assert response.status_code == 400
    assert "must first certify the destruction" in response.content.decode()

    client.force_login(requester)
    page = client.get(f"/sharing/requests/{ended.pk}/").content.decode()
    assert 'data-testid="destruction-form"' in page
    response = certify(client, ended)
    assert response.status_code == 302
    certificate = DestructionCertificate.objects.get(request=ended)
    assert certificate.method == "cryptographic_erasure"
    assert certificate.certified_by == requester and certificate.verified_at is None
    assert certificate.file.read() == PDF
    ended.refresh_from_db()
    assert ended.state == State.TERMINATED  # verification closes it, not certification
    log = ended.logs.get(action="certify_destruction")
    assert "Pat Officer, Chief Information Security Officer" in log.comment
    told = {m.to[0] for m in mail.outbox}
    assert sharing_reviewer.email in told and provider.email in told
    assert requester.email not in told
    assert "https://datahub.example.ct.gov/sharing/requests/" in mail.outbox[0].body
    page = client.get(f"/sharing/requests/{ended.pk}/").content.decode()
    assert "Awaiting a sharing reviewer's verification" in page
    assert "Destruction certified: destroyed on" in page  # on the timeline
    assert certify(client, ended).status_code == 302  # a second one is refused
    assert DestructionCertificate.objects.filter(request=ended).count() == 1

    client.force_login(sharing_reviewer)
    response = client.get(f"/sharing/requests/{ended.pk}/destruction/certificate.pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    ended.refresh_from_db()
    response = client.post(
        f"/sharing/requests/{ended.pk}/actions/",
        {"action": "close", "version": ended.version, "confirmed": "1"},
    )
    assert response.status_code == 302
    ended.refresh_from_db()
    certificate.refresh_from_db()
    assert ended.state == State.CLOSED
    assert certificate.verified_by == sharing_reviewer and certificate.verified_at
    page = client.get(f"/sharing/requests/{ended.pk}/").content.decode()
    assert f"By {sharing_reviewer}" in page
    register = client.get("/sharing/register/").content.decode()
    certified = TODAY - datetime.timedelta(days=1)
    assert (
        f'Certified <time datetime="{certified:%Y-%m-%d}">{certified.day} {certified:%B %Y}</time>'
        "</a>, verified"
    ) in register


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"method": "other"}, "Describe the method of destruction."),
        ({"official_name": ""}, "This field is required."),
        (
            {"destroyed_on": (TODAY + datetime.timedelta(days=2)).isoformat()},
            "cannot be in the future",
        ),
        (
            {"certificate": SimpleUploadedFile("certificate.pdf", b"just text", "application/pdf")},
            "The file&#x27;s content is not a .pdf file.",
        ),
        (
            {"certificate": SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\nxx", "image/png")},
            "The certificate must be a PDF.",
        ),
    ],
)
def test_certificate_is_checked(client, ended, requester, overrides, message):
    client.force_login(requester)
    response = certify(client, ended, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not DestructionCertificate.objects.exists()


def test_other_method_described_is_kept(client, ended, requester):
    client.force_login(requester)
    certify(client, ended, method="other", method_other="Returned the encrypted drive")
    certificate = DestructionCertificate.objects.get()
    assert certificate.method_text == "Other: Returned the encrypted drive"


def test_only_after_the_agreement_ends(client, dol, sde, requester):
    current = executed(requesting_agency=dol, providing_agency=sde, created_by=requester)
    client.force_login(requester)
    assert certify(client, current).status_code == 403
    assert (
        'data-testid="close-out"'
        not in client.get(f"/sharing/requests/{current.pk}/").content.decode()
    )


def test_unrelated_agency_gets_404_on_certificate_and_form(client, ended, requester, outsider):
    client.force_login(requester)
    certify(client, ended)
    client.force_login(outsider)
    assert client.get(f"/sharing/requests/{ended.pk}/destruction/certificate.pdf").status_code == (
        404
    )
    assert certify(client, ended).status_code == 404


def test_overdue_close_outs_on_the_home_pages(
    client, dol, sde, requester, outsider, sharing_reviewer
):
    executed(  # past its term, not renewed (the nightly job has not run yet)
        requesting_agency=dol,
        providing_agency=sde,
        created_by=requester,
        effective_date=TODAY - datetime.timedelta(days=400),
        expiry_date=TODAY - datetime.timedelta(days=3),
    )
    ended = SharingRequestFactory(
        requesting_agency=dol,
        providing_agency=sde,
        created_by=requester,
        state=State.EXPIRED,
        effective_date=TODAY - datetime.timedelta(days=800),
        expiry_date=TODAY - datetime.timedelta(days=30),
    )
    for user in (requester, sharing_reviewer):
        client.force_login(user)
        assert (
            '<span class="work-count__number">2</span> agreements past their term, overdue for '
            "close-out</a>"
        ) in client.get("/").text
    client.force_login(outsider)
    assert "overdue for close-out" not in client.get("/").text
    client.force_login(requester)
    certify(client, ended)
    assert (
        '<span class="work-count__number">1</span> agreement past their term, overdue for '
        "close-out</a>"
    ) in client.get("/").text
    client.force_login(sharing_reviewer)
    home = client.get("/").text
    assert '<span class="work-count__number">1</span> destruction certificate to verify</a>' in home
    register = client.get("/sharing/register/", {"closeout": "overdue"}).content.decode()
    assert register.count("<strong>Overdue</strong>") == 1
    register = client.get("/sharing/register/", {"closeout": "to_verify"}).content.decode()
    assert "awaiting verification" in register and "<strong>Overdue</strong>" not in register
