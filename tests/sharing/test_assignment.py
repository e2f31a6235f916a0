"""Assignment and ageing: 'Assign to me', a lead assigns; the queue shows the assignee and
working days waiting, longest first, marks those past the review target; reminders go to
the assignee first, then to every reviewer."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from sharing.ageing import working_days
from sharing.models import State
from tests import factories
from tests.sharing.factories import SharingRequestFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        ("2026-12-04", "2026-12-07", 1),  # Friday to Monday
        ("2026-12-07", "2026-12-07", 0),
        ("2026-12-07", "2026-12-21", 10),  # two weeks
        ("2026-12-05", "2026-12-06", 0),  # a weekend
        ("2026-12-07", "2026-12-01", 0),
    ],
)
def test_working_days(start, end, days):
    iso = datetime.date.fromisoformat
    assert working_days(iso(start), iso(end)) == days


def waiting(dol, sde, days_ago, **kwargs):
    return SharingRequestFactory(
        requesting_agency=dol,
        providing_agency=sde,
        state=State.SUBMITTED,
        submitted_at=timezone.now() - datetime.timedelta(days=days_ago),
        **kwargs,
    )


def test_assign_to_me_and_lead_assigns(
    client, dol, sde, sharing_reviewer, sharing_curator, provider, settings
):
    settings.SITE_URL = "https://datahub.example.ct.gov"
    sr = waiting(dol, sde, 1)
    other = factories.reviewer(agency=sharing_reviewer.agency)
    client.force_login(sharing_reviewer)
    page = client.get(f"/sharing/requests/{sr.pk}/").content.decode()
    assert "Assign to me" in page and 'id="id_assignee"' not in page  # not a lead
    assert client.post(f"/sharing/requests/{sr.pk}/assign/", {"assignee": "me"}).status_code == 302
    sr.refresh_from_db()
    assert sr.assignee == sharing_reviewer
    assert sr.logs.get(action="assign").comment.startswith("Assigned to ")
    assert not mail.outbox  # taking it oneself tells nobody
    # A reviewer may not hand it to someone else; a lead (curator) may.
    response = client.post(f"/sharing/requests/{sr.pk}/assign/", {"assignee": other.pk})
    assert response.status_code == 403
    client.force_login(sharing_curator)
    page = client.get(f"/sharing/requests/{sr.pk}/").content.decode()
    assert 'id="id_assignee"' in page
    assert (
        client.post(f"/sharing/requests/{sr.pk}/assign/", {"assignee": other.pk}).status_code == 302
    )
    sr.refresh_from_db()
    assert sr.assignee == other
    (email,) = mail.outbox
    assert email.to == [other.email] and "assigned to you" in email.subject
    assert f"https://datahub.example.ct.gov/sharing/requests/{sr.pk}/" in email.body
    # Only sharing reviewers can be assigned; data officers cannot assign at all.
    response = client.post(f"/sharing/requests/{sr.pk}/assign/", {"assignee": provider.pk})
    assert response.status_code == 302 and sr.assignee == other
    client.force_login(provider)
    assert client.post(f"/sharing/requests/{sr.pk}/assign/", {"assignee": "me"}).status_code == 403


def test_outsider_gets_404_on_assign(client, dol, sde, outsider):
    sr = waiting(dol, sde, 1)
    client.force_login(outsider)
    assert client.post(f"/sharing/requests/{sr.pk}/assign/", {"assignee": "me"}).status_code == 404


def test_queue_shows_assignee_and_waiting_longest_first(client, dol, sde, sharing_reviewer):
    recent = waiting(dol, sde, 2, title="Recent")
    old = waiting(dol, sde, 30, title="Old", assignee=sharing_reviewer)
    client.force_login(sharing_reviewer)
    page = client.get("/sharing/requests/").content.decode()
    assert page.index(">Old<") < page.index(">Recent<")
    assert f'data-testid="assignee">{sharing_reviewer}</td>' in page
    assert 'data-testid="assignee">Unassigned</td>' in page
    assert page.count("past the 10-day target") == 1
    row = page[page.index(">Old<") :]
    assert "past the 10-day target" in row[: row.index("</tr>")]
    assert old.pk and recent.pk


def test_review_target_is_a_setting(client, dol, sde, sharing_reviewer, settings):
    settings.SHARING_REVIEW_TARGET_WORKING_DAYS = 1
    waiting(dol, sde, 5)
    client.force_login(sharing_reviewer)
    assert "past the 1-day target" in client.get("/sharing/requests/").content.decode()


def test_reminders_go_to_the_assignee_then_to_all_reviewers(dol, sde, sharing_reviewer, provider):
    other = factories.reviewer(agency=sharing_reviewer.agency)
    sr = waiting(dol, sde, 10, assignee=other)
    call_command("send_sharing_reminders", review_days=7, stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [[other.email]]
    assert "assigned to you" in mail.outbox[0].subject
    mail.outbox.clear()
    call_command("send_sharing_reminders", review_days=7, stdout=io.StringIO())
    assert not mail.outbox  # once
    sr.submitted_at = timezone.now() - datetime.timedelta(days=15)  # twice the wait
    sr.save()
    call_command("send_sharing_reminders", review_days=7, stdout=io.StringIO())
    told = sorted(m.to[0] for m in mail.outbox)
    assert told == sorted([sharing_reviewer.email, other.email, provider.email])
