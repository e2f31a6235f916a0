"""Emails about requests: no title, agency name, comment or user name can add a header.

Titles and agency names reach the subject line; comments and names reach the body. Any of
them may hold line breaks (CR, LF, and the Unicode ones) or control characters. The
messages as sent must parse back with exactly the headers we wrote.
"""

import datetime
import email
from email import policy

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Agency
from hub.input_checks import LINE_BREAKS, header_safe
from sharing import workflow
from sharing.models import SharingRequest, State
from tests import factories
from tests.sharing.factories import SharingRequestFactory, executed

pytestmark = pytest.mark.django_db

# Fixtures are users and agencies every example may share; each example makes its own
# requests and clears the outbox, so the health check is suppressed on purpose.
EXAMPLES = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
INJECTIONS = [
    "Hello\r\nBcc: victim@example.com",
    "Hello\nCc: a@example.com\n\nbody",
    "Hello\rX-Evil: 1",
    "x\u2028Bcc: u2028@example.com",
    "x\x85Bcc: nel@example.com",
    "x\x0bBcc: vt@example.com",
    "=?utf-8?q?Bcc=3A_encoded=40example=2Ecom?=",
    "<script>alert(1)</script>",
]
# Any text PostgreSQL can store (no NUL), and the classic payloads inside it.
storable = st.characters(codec="utf-8", exclude_characters="\x00")
weird = st.one_of(
    st.text(storable, min_size=1, max_size=120),
    st.sampled_from(INJECTIONS),
    st.tuples(st.text(storable, max_size=10), st.sampled_from(INJECTIONS)).map("".join),
)
ALLOWED_HEADERS = {
    "content-type",
    "mime-version",
    "content-transfer-encoding",
    "subject",
    "from",
    "to",
    "date",
    "message-id",
}


def assert_clean(message) -> None:
    """The message as sent has only our headers, one recipient, and a one-line subject."""
    assert not LINE_BREAKS.search(message.subject)
    assert not any(ord(c) < 32 or 127 <= ord(c) < 160 for c in message.subject)
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=policy.default)
    names = [name.lower() for name in parsed]
    assert set(names) <= ALLOWED_HEADERS, names
    assert names.count("subject") == 1 and names.count("to") == 1
    assert parsed["to"].addresses[0].addr_spec == message.to[0]
    assert len(message.to) == 1 and not message.cc and not message.bcc
    if "=?" not in message.subject:  # a literal encoded-word is decoded by any reader
        assert " ".join(str(parsed["subject"]).split()) == message.subject


def rename(agency: Agency, name: str) -> None:
    """Give an agency a hostile name (names are unique: the clash is skipped)."""
    name = name.strip() or "x"
    if not Agency.objects.filter(name=name).exclude(pk=agency.pk).exists():
        Agency.objects.filter(pk=agency.pk).update(name=name[:200])


@EXAMPLES
@given(title=weird, comment=weird, requester_name=weird, provider_name=weird, actor=weird)
def test_transition_emails(
    requester, provider, sde, sharing_reviewer, title, comment, requester_name, provider_name, actor
):
    rename(requester.agency, requester_name)
    rename(sde, provider_name)
    requester.first_name = actor[:150]
    requester.save()
    sr = SharingRequestFactory(
        title=title[:200] if title[:200].strip() else f"{title[:199]}.",  # submit needs a title
        requesting_agency=requester.agency,
        providing_agency=sde,
        created_by=requester,
    )
    comment = comment if comment.strip() else f"{comment}x"  # changes need a stated reason
    mail.outbox.clear()
    workflow.apply_transition(sr.pk, requester, "submit", version=sr.version)
    workflow.apply_transition(
        sr.pk, provider, "request_changes", version=sr.version + 1, comment=comment
    )
    assert mail.outbox, "each step emails the other party"
    for message in mail.outbox:
        assert_clean(message)
        assert message.subject.startswith(f"[Data sharing] #{sr.pk} ")
    assert any(comment.strip() in m.body for m in mail.outbox)
    assert sorted({m.to[0] for m in mail.outbox}) == sorted(
        {provider.email, sharing_reviewer.email, requester.email}
    )


@EXAMPLES
@given(title=weird, requester_name=weird, provider_name=weird)
def test_reminder_emails(
    requester, provider, sde, sharing_reviewer, title, requester_name, provider_name
):
    rename(requester.agency, requester_name)
    rename(sde, provider_name)
    SharingRequest.objects.all().delete()
    today = timezone.localdate()
    SharingRequestFactory(
        title=title[:200],
        requesting_agency=requester.agency,
        providing_agency=sde,
        created_by=requester,
        state=State.SUBMITTED,
        submitted_at=timezone.now() - datetime.timedelta(days=30),
    )
    executed(
        title=title[:200],
        requesting_agency=requester.agency,
        providing_agency=sde,
        created_by=requester,
        expiry_date=today + datetime.timedelta(days=20),
    )
    mail.outbox.clear()
    call_command("send_sharing_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    subjects = [m.subject for m in mail.outbox]
    assert any("waiting for review" in s for s in subjects), subjects
    assert any("expires within 30 days" in s for s in subjects), subjects
    for message in mail.outbox:
        assert_clean(message)


@given(st.text(st.characters(codec="utf-8"), max_size=400))
def test_header_safe_is_one_clean_line(text):
    line = header_safe(text)
    assert not LINE_BREAKS.search(line)
    assert not any(ord(c) < 32 or 127 <= ord(c) < 160 for c in line)
    assert len(line) <= 200 and line == line.strip()


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down (the network part of the fault, not the database)."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


def test_mail_outage_does_not_undo_or_break_a_transition(client, settings, draft, requester):
    settings.EMAIL_BACKEND = "tests.sharing.test_email_headers.RefusingBackend"
    factories.data_officer(agency=draft.providing_agency)  # someone to email
    client.force_login(requester)
    response = client.post(
        f"/sharing/requests/{draft.pk}/actions/", {"action": "submit", "version": draft.version}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED and draft.logs.filter(action="submit").count() == 1
