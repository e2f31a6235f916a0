"""Curators send reminder emails to leaders of agencies that have not submitted."""

import smtplib

from django.core import mail
from django.core.mail.backends import locmem
from django.urls import reverse

from tests import factories
from tests.assessments.factories import add_response
from tests.outage import closed_port


def test_reminders_go_to_leaders_of_agencies_without_a_submitted_response(
    survey, agencies, curator_client
):
    waiting = factories.leader(agency=agencies["DOL"], email="dol.leader@example.ct.gov")
    factories.data_officer(agency=agencies["DOL"], email="dol.officer@example.ct.gov")
    done = factories.leader(agency=agencies["DSS"], email="dss.leader@example.ct.gov")
    add_response(survey, agencies["DSS"], {"effectiveness": "agree"}, user=done)
    answer = curator_client.post(
        reverse("assessments:remind", args=[survey.key]), {"agency": ["DOL", "DSS"]}, follow=True
    )
    assert b"1 reminder email(s) sent" in answer.content
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [waiting.email]
    assert "Reminder: Mini survey" in message.subject
    assert f"/assessments/{survey.key}/respond/" in message.body


def test_leaders_cannot_send_reminders(survey, agencies, client):
    client.force_login(factories.leader(agency=agencies["DOL"]))
    assert client.post(reverse("assessments:remind", args=[survey.key])).status_code == 403
    assert mail.outbox == []


def test_with_the_mail_server_down_the_curator_is_told_how_many_were_not_sent(
    survey, agencies, curator_client, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()  # nothing listens
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 2
    for code in ("DOL", "DPH", "DOT"):
        factories.leader(agency=agencies[code])
    answer = curator_client.post(
        reverse("assessments:remind", args=[survey.key]),
        {"agency": ["DOL", "DPH", "DOT"]},
        follow=True,
    )
    assert answer.status_code == 200
    assert answer.redirect_chain[-1][0] == reverse("assessments:responses", args=[survey.key])
    page = answer.content.decode()
    assert (
        "The mail server could not be reached: 3 reminder email(s) were not sent. "
        "Nothing else changed; try again later." in page
    )
    assert "reminder email(s) sent to agency leaders" not in page


class DropsAfterOneMessage(locmem.EmailBackend):
    """A mail server that takes one message, then drops the connection."""

    def send_messages(self, messages):
        if mail.outbox:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


def test_a_mail_server_failing_part_way_is_counted_exactly(
    survey, agencies, curator_client, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.DropsAfterOneMessage"
    for code in ("DOL", "DPH", "DOT"):
        factories.leader(agency=agencies[code])
    answer = curator_client.post(reverse("assessments:remind", args=[survey.key]), follow=True)
    assert len(mail.outbox) == 1
    assert (
        "The mail server could not be reached: 2 reminder email(s) were not sent "
        "(1 sent before it failed)." in answer.content.decode()
    )
