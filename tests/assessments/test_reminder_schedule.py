"""Reminders that run and are recorded (issue 18): a schedule of days before closing,
leaders (else data officers) of agencies without a submitted response, each sent
reminder recorded, never twice for the same step."""

import datetime
import io
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from assessments.models import SentReminder
from assessments.services import reminder_recipients
from tests import factories
from tests.assessments.factories import add_response

CLOSES = datetime.date(2026, 12, 20)


@pytest.fixture
def scheduled(survey, agencies):
    survey.closes, survey.reminder_days = CLOSES, "14,7,2"
    survey.save()
    people = {
        "dol_leader": factories.leader(agency=agencies["DOL"], email="dol.leader@example.ct.gov"),
        "dol_officer": factories.data_officer(
            agency=agencies["DOL"], email="dol.off@example.ct.gov"
        ),
        "dph_officer": factories.data_officer(
            agency=agencies["DPH"], email="dph.off@example.ct.gov"
        ),
        "dss_leader": factories.leader(agency=agencies["DSS"], email="dss.leader@example.ct.gov"),
    }
    add_response(survey, agencies["DSS"], {"effectiveness": "agree"}, user=people["dss_leader"])
    return survey, people


def run(day):
    out = io.StringIO()
    call_command("send_survey_reminders", "--today", day, stdout=out)
    return out.getvalue()


def sent():
    rows = [(r.recipient.email, r.step) for r in SentReminder.objects.all()]
    return sorted(rows, key=lambda row: (row[0], row[1] is None, row[1] or 0))


def test_leaders_else_data_officers_of_agencies_that_have_not_submitted(scheduled):
    survey, _people = scheduled
    assert [u.email for u in reminder_recipients(survey)] == [
        "dol.leader@example.ct.gov",  # DOL has a leader: not its data officer
        "dph.off@example.ct.gov",  # DPH has no leader account: its data officer
    ]  # DSS submitted; DOT has nobody


def test_the_command_sends_each_due_step_once_and_records_it(scheduled):
    assert "0 reminder(s) sent" in run("2026-12-05")  # 15 days before closing
    assert mail.outbox == []
    assert "2 reminder(s) for 14 days before closing" in run("2026-12-06")
    assert len(mail.outbox) == 2
    assert sent() == [("dol.leader@example.ct.gov", 14), ("dph.off@example.ct.gov", 14)]
    assert "0 reminder(s) sent" in run("2026-12-06")  # again the same day: nothing
    assert "0 reminder(s) sent" in run("2026-12-10")  # 10 days left: still step 14
    assert len(mail.outbox) == 2
    assert "2 reminder(s) for 7 days before closing" in run("2026-12-13")
    assert len(mail.outbox) == 4
    message = mail.outbox[-1]
    assert message.subject == "Reminder: Mini survey"
    assert "/assessments/mini-2024/respond/" in message.body
    assert "0 reminder(s) sent" in run("2026-12-21")  # closed


def test_a_missed_step_is_not_sent_late(scheduled):
    run("2026-12-18")  # 2 days left: only step 2
    assert sent() == [("dol.leader@example.ct.gov", 2), ("dph.off@example.ct.gov", 2)]


def test_an_agency_that_submits_gets_no_more_reminders(scheduled, agencies):
    survey, people = scheduled
    run("2026-12-06")
    add_response(survey, agencies["DOL"], {"effectiveness": "agree"}, user=people["dol_leader"])
    run("2026-12-13")
    assert sent() == [
        ("dol.leader@example.ct.gov", 14),
        ("dph.off@example.ct.gov", 7),
        ("dph.off@example.ct.gov", 14),
    ]


def test_a_step_is_sent_to_a_person_once_by_a_database_constraint(scheduled):
    survey, people = scheduled
    user = people["dol_leader"]
    SentReminder.objects.create(survey=survey, recipient=user, agency=user.agency, step=7)
    with pytest.raises(IntegrityError), transaction.atomic():
        SentReminder.objects.create(survey=survey, recipient=user, agency=user.agency, step=7)
    SentReminder.objects.create(survey=survey, recipient=user, agency=user.agency)  # manual
    SentReminder.objects.create(survey=survey, recipient=user, agency=user.agency)


class DropsAfterOneMessage(locmem.EmailBackend):
    """A mail server that takes one message, then drops the connection."""

    def send_messages(self, messages):
        if mail.outbox:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


def test_a_reminder_the_mail_server_refused_is_not_recorded_and_goes_next_time(scheduled, settings):
    settings.EMAIL_BACKEND = f"{__name__}.DropsAfterOneMessage"
    run("2026-12-06")
    assert sent() == [("dol.leader@example.ct.gov", 14)]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run("2026-12-06")
    assert sent() == [("dol.leader@example.ct.gov", 14), ("dph.off@example.ct.gov", 14)]
    assert [m.to for m in mail.outbox] == [
        ["dol.leader@example.ct.gov"],
        ["dph.off@example.ct.gov"],
    ]


def test_curators_reminders_are_recorded_and_shown_on_the_responses_page(scheduled, curator_client):
    survey, _people = scheduled
    run("2026-12-06")
    curator_client.post(reverse("assessments:remind", args=[survey.key]), {"agency": ["DPH"]})
    assert sent() == [
        ("dol.leader@example.ct.gov", 14),
        ("dph.off@example.ct.gov", 14),
        ("dph.off@example.ct.gov", None),
    ]
    page = curator_client.get(reverse("assessments:responses", args=[survey.key]))
    html = page.content.decode()
    assert (
        "Sent automatically 14, 7, 2 days before the survey closes on "
        '<time datetime="2026-12-20">20 December 2026</time>'
    ) in html
    assert "14 days before closing" in html and "Sent by a curator" in html
    assert html.count("dph.off@example.ct.gov") >= 2


def test_the_schedule_must_be_a_list_of_days(survey):
    survey.reminder_days = "14, soon"
    with pytest.raises(IntegrityError), transaction.atomic():
        survey.save()
