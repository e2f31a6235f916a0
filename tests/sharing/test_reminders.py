"""send_sharing_reminders: waiting reviews, expiries at 90 and 30 days, no duplicates."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from sharing.models import ReminderSent, State
from tests.outage import closed_port
from tests.sharing.factories import SharingRequestFactory, executed

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 1)


def run(**kwargs):
    call_command("send_sharing_reminders", today=TODAY, stdout=io.StringIO(), **kwargs)


@pytest.fixture
def parties(requester, provider, sharing_reviewer):
    return requester, provider, sharing_reviewer


def test_review_waiting_reminder_once(parties, dol, sde):
    requester, provider, reviewer = parties
    old = SharingRequestFactory(
        requesting_agency=dol,
        providing_agency=sde,
        state=State.SUBMITTED,
        submitted_at=timezone.make_aware(datetime.datetime(2026, 5, 1)),
    )
    SharingRequestFactory(
        requesting_agency=dol,
        providing_agency=sde,
        state=State.IN_REVIEW,
        submitted_at=timezone.make_aware(datetime.datetime(2026, 5, 30)),
    )
    run(review_days=7)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([provider.email, reviewer.email])
    assert f"#{old.pk} waiting for review" in mail.outbox[0].subject
    run(review_days=7)
    assert len(mail.outbox) == 2  # nothing twice


def test_expiry_reminders_at_90_then_30_days(parties, dol, sde):
    requester, provider, reviewer = parties
    sr = executed(
        created_by=requester,
        requesting_agency=dol,
        providing_agency=sde,
        effective_date=TODAY - datetime.timedelta(days=300),
        expiry_date=TODAY + datetime.timedelta(days=80),
    )
    executed(  # outside both windows
        created_by=requester,
        requesting_agency=dol,
        providing_agency=sde,
        effective_date=TODAY - datetime.timedelta(days=10),
        expiry_date=TODAY + datetime.timedelta(days=200),
    )
    run()
    assert len(mail.outbox) == 3  # both agencies' officers and the reviewer
    assert all("expires within 90 days" in m.subject for m in mail.outbox)
    run()
    assert len(mail.outbox) == 3
    # Fifty days later it is inside 30 days: one more round, once.
    later = TODAY + datetime.timedelta(days=55)
    call_command("send_sharing_reminders", today=later, stdout=io.StringIO())
    call_command("send_sharing_reminders", today=later, stdout=io.StringIO())
    assert len(mail.outbox) == 6
    assert all("within 30 days" in m.subject for m in mail.outbox[3:])
    assert set(ReminderSent.objects.filter(request=sr).values_list("kind", flat=True)) == {
        "expiry_90",
        "expiry_30",
    }


def test_first_seen_inside_30_days_gets_only_the_30_day_email(parties, dol, sde):
    executed(
        created_by=parties[0],
        requesting_agency=dol,
        providing_agency=sde,
        effective_date=TODAY - datetime.timedelta(days=300),
        expiry_date=TODAY + datetime.timedelta(days=10),
    )
    run()
    run()
    assert len(mail.outbox) == 3
    assert all("within 30 days" in m.subject for m in mail.outbox)


def test_lapsed_agreements_expire(parties, dol, sde):
    sr = executed(
        created_by=parties[0],
        requesting_agency=dol,
        providing_agency=sde,
        effective_date=TODAY - datetime.timedelta(days=400),
        expiry_date=TODAY - datetime.timedelta(days=2),
    )
    run()
    sr.refresh_from_db()
    assert sr.state == State.EXPIRED
    assert any("Expired" in m.subject for m in mail.outbox)


def test_with_the_mail_server_down_the_job_fails_with_the_count_and_records_nothing(
    parties, dol, sde, settings
):
    waiting = SharingRequestFactory(
        requesting_agency=dol,
        providing_agency=sde,
        state=State.SUBMITTED,
        submitted_at=timezone.make_aware(datetime.datetime(2026, 5, 1)),
    )
    expiring = executed(
        created_by=parties[0],
        requesting_agency=dol,
        providing_agency=sde,
        effective_date=TODAY - datetime.timedelta(days=300),
        expiry_date=TODAY + datetime.timedelta(days=80),
    )
    mail.outbox.clear()
    locmem = settings.EMAIL_BACKEND
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()  # nothing listens
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 2
    with pytest.raises(CommandError) as failed:
        run(review_days=7)
    assert str(failed.value) == (
        "The mail server could not be reached: 2 reminder(s) were not sent. They are not "
        "recorded, so the next run sends them."
    )
    assert not ReminderSent.objects.exists() and mail.outbox == []

    settings.EMAIL_BACKEND = locmem  # the mail server is back
    run(review_days=7)
    assert set(ReminderSent.objects.values_list("kind", flat=True)) == {
        "review_waiting",
        "expiry_90",
    }
    assert {m.subject for m in mail.outbox} == {
        f"[Data sharing] #{waiting.pk} waiting for review for over 7 days",
        f"[Data sharing] Agreement #{expiring.pk} expires within 90 days",
    }
