"""Curators send reminder emails to leaders of agencies that have not submitted."""

from django.core import mail
from django.urls import reverse

from tests import factories
from tests.assessments.factories import add_response


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
