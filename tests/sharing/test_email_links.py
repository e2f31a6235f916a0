"""Every email the sharing workflow sends links with absolute addresses that open.

The test walks requests through every transition that emails and runs the reminders job,
parses each message's links, checks they start with SITE_URL, and follows each one with
the test client signed in as that message's recipient (200).
"""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.checks import Error
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from sharing import services, workflow
from sharing.checks import site_url_check
from sharing.models import State
from tests import factories
from tests.sharing.factories import SharingRequestFactory, executed, signed_agreement

pytestmark = pytest.mark.django_db

SITE = "https://datahub.example.ct.gov"
LINK = re.compile(r"https?://[^\s<>\"')]+|(?<![\w/])/[\w\-./?=&%#]+")


def step(sr, user, name, **kwargs):
    sr.refresh_from_db()
    return workflow.apply_transition(sr.pk, user, name, version=sr.version, **kwargs)


def _walk(requester, provider, reviewer, dol, sde):
    """Requests through every emailing transition and the reminders job."""
    sr = SharingRequestFactory(requesting_agency=dol, providing_agency=sde, created_by=requester)
    step(sr, requester, "submit")
    lead = factories.curator(agency=reviewer.agency)
    services.assign_request(sr.pk, lead, reviewer)  # the assignee is emailed
    step(sr, reviewer, "start_review")
    step(sr, provider, "request_changes", comment="Name the data elements.")
    step(sr, requester, "resubmit")
    step(sr, reviewer, "approve")
    signed_agreement(sr)
    today = datetime.date.today()
    step(
        sr,
        reviewer,
        "mark_executed",
        effective_date=today,
        expiry_date=today + datetime.timedelta(days=365),
    )
    step(sr, reviewer, "renew", expiry_date=today + datetime.timedelta(days=730))
    step(sr, reviewer, "terminate", comment="Program ended.")
    services.certify_destruction(
        sr.pk,
        requester,
        {
            "destroyed_on": today,
            "method": "secure_deletion",
            "official_name": "Pat Officer",
            "official_title": "Data Officer",
            "certificate": SimpleUploadedFile("c.pdf", b"%PDF-1.7 x", "application/pdf"),
        },
    )
    step(sr, reviewer, "close")
    for name, by in (("reject", provider), ("withdraw", requester)):
        other = SharingRequestFactory(
            requesting_agency=dol, providing_agency=sde, created_by=requester
        )
        step(other, requester, "submit")
        step(other, by, name, comment="Not needed.")
    SharingRequestFactory(
        requesting_agency=dol,
        providing_agency=sde,
        created_by=requester,
        state=State.SUBMITTED,
        submitted_at=timezone.now() - datetime.timedelta(days=30),
    )
    executed(
        requesting_agency=dol,
        providing_agency=sde,
        created_by=requester,
        expiry_date=today + datetime.timedelta(days=20),
    )
    call_command("send_sharing_reminders", stdout=io.StringIO())


def test_every_email_link_is_absolute_and_opens_for_its_recipient(
    settings, client, requester, provider, sharing_reviewer, dol, sde
):
    settings.SITE_URL = SITE
    _walk(requester, provider, sharing_reviewer, dol, sde)
    subjects = {m.subject.split(":")[0] for m in mail.outbox}
    assert len(mail.outbox) >= 20, subjects
    assert any("waiting for review" in s for s in subjects)
    assert any("expires within" in s for s in subjects)
    assert any("destruction certified" in s for s in subjects)
    assert any("assigned to you" in s for s in subjects)
    followed = 0
    for message in mail.outbox:
        links = LINK.findall(message.body)
        assert links, f"no link in {message.subject!r}"
        for link in links:
            assert link.startswith(SITE + "/"), f"not absolute: {link} in {message.subject!r}"
            (address,) = message.to
            client.force_login(User.objects.get(email=address))
            response = client.get(link.removeprefix(SITE))
            assert response.status_code == 200, (link, address, message.subject)
            followed += 1
    assert followed >= len(mail.outbox)


def test_site_url_required_outside_development(settings):
    settings.DEVELOPMENT = False
    settings.SITE_URL = ""
    errors = site_url_check()
    assert [e.id for e in errors] == ["sharing.E001"]
    assert isinstance(errors[0], Error)
    settings.SITE_URL = "datahub.ct.gov/hub"
    assert [e.id for e in site_url_check()] == ["sharing.E002"]
    settings.SITE_URL = SITE
    assert site_url_check() == []


def test_site_url_defaulted_in_development(settings):
    from django.conf import settings as live

    assert live.SITE_URL.startswith("http://")  # the tests' default, from development
    settings.DEVELOPMENT = True
    settings.SITE_URL = ""
    assert site_url_check() == []


def test_migrate_refuses_to_run_without_site_url(settings):
    """The production image runs migrate first: the check stops it."""
    from django.core.management.base import SystemCheckError

    settings.DEVELOPMENT = False
    settings.SITE_URL = ""
    with pytest.raises(SystemCheckError, match="SITE_URL is not set"):
        call_command("check")
