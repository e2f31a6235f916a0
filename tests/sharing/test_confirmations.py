"""Consequential actions are confirmed through the shared confirmation step: it says what
will happen and who will be told, changes nothing, and posts the same fields back."""

import datetime
import re

import pytest
from django.core import mail

from sharing.models import State
from tests.sharing.factories import SharingRequestFactory, destruction_certificate, executed

pytestmark = pytest.mark.django_db
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def make(state, dol, sde, requester):
    if state == State.EXECUTED:
        return executed(requesting_agency=dol, providing_agency=sde, created_by=requester)
    extra = {}
    if state == State.TERMINATED:
        today = datetime.date.today()
        extra = {
            "effective_date": today - datetime.timedelta(days=60),
            "expiry_date": today + datetime.timedelta(days=60),
        }
    sr = SharingRequestFactory(
        requesting_agency=dol, providing_agency=sde, created_by=requester, state=state, **extra
    )
    if state == State.TERMINATED:
        destruction_certificate(sr, requester)
    return sr


CASES = [
    # (action, starting state, who acts, comment, what the step says, end state)
    ("approve", State.SUBMITTED, "provider", "", "becomes approved", State.APPROVED),
    ("reject", State.IN_REVIEW, "reviewer", "Too broad.", "closed for good", State.REJECTED),
    ("withdraw", State.SUBMITTED, "requester", "", "withdrawn and closed", State.WITHDRAWN),
    ("terminate", State.EXECUTED, "reviewer", "Breach.", "destroy it", State.TERMINATED),
    ("close", State.TERMINATED, "reviewer", "", "recorded as destroyed", State.CLOSED),
]


@pytest.mark.parametrize(("action", "start", "who", "comment", "says", "end"), CASES)
def test_consequential_action_is_confirmed_first(
    client, dol, sde, requester, provider, sharing_reviewer, action, start, who, comment, says, end
):
    actor = {"provider": provider, "reviewer": sharing_reviewer, "requester": requester}[who]
    sr = make(start, dol, sde, requester)
    client.force_login(actor)
    url = f"/sharing/requests/{sr.pk}/actions/"
    response = client.post(url, {"action": action, "version": sr.version, "comment": comment})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="confirm-step"' in page
    assert says in page
    assert "Who will be told" in page
    assert "Department of Labor" in page and "State Department of Education" in page
    sr.refresh_from_db()
    assert sr.state == start and not sr.logs.exists() and not mail.outbox  # nothing yet
    fields = dict(HIDDEN.findall(page))
    assert fields["action"] == action and fields["confirmed"] == "1"
    assert fields["version"] == str(sr.version)
    assert fields.get("comment", "") == comment
    fields.pop("csrfmiddlewaretoken", None)
    response = client.post(url, fields)
    assert response.status_code == 302
    sr.refresh_from_db()
    assert sr.state == end
    assert sr.logs.get().comment == comment


def test_confirmation_names_the_reviewers_when_they_will_be_told(
    client, draft, requester, provider, sharing_reviewer
):
    """Approving tells the reviewers too (they mark it executed)."""
    draft.state = State.SUBMITTED
    draft.save()
    client.force_login(provider)
    page = client.post(
        f"/sharing/requests/{draft.pk}/actions/", {"action": "approve", "version": draft.version}
    ).content.decode()
    assert "and the sharing reviewers are emailed (2 people; not you)" in page


def test_a_step_that_would_fail_is_not_asked_about(client, draft, provider):
    draft.state = State.SUBMITTED
    draft.save()
    client.force_login(provider)
    response = client.post(
        f"/sharing/requests/{draft.pk}/actions/",
        {"action": "reject", "version": draft.version, "comment": ""},
    )
    assert response.status_code == 400
    assert "Give a reason to reject" in response.content.decode()
    stale = client.post(
        f"/sharing/requests/{draft.pk}/actions/",
        {"action": "approve", "version": draft.version - 1},
    )
    assert stale.status_code == 409


def test_routine_steps_need_no_confirmation(client, draft, requester):
    client.force_login(requester)
    response = client.post(
        f"/sharing/requests/{draft.pk}/actions/", {"action": "submit", "version": draft.version}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED


def test_outsider_gets_404_not_a_confirmation(client, draft, outsider):
    client.force_login(outsider)
    response = client.post(
        f"/sharing/requests/{draft.pk}/actions/", {"action": "withdraw", "version": draft.version}
    )
    assert response.status_code == 404
