"""Weekly reminders to resource owners: one email each, every resource once per review-by
date, with absolute links; nothing twice."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command

from hub.catalog_models import Resource
from hub.review_reminders import send_review_reminders
from tests import factories
from tests.hub.factories import ResourceFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 7)


@pytest.fixture
def owners(settings):
    settings.SITE_URL = "https://datahub.ct.gov"
    agency = factories.AgencyFactory(code="OPM")
    return factories.curator(agency=agency), factories.curator(agency=agency)


def test_each_owner_gets_one_email_about_their_resources_due_and_never_twice(owners):
    ann, bob = owners
    overdue = ResourceFactory(
        title="Census guide", owner=ann, review_by=TODAY - datetime.timedelta(days=3)
    )
    soon = ResourceFactory(
        title="GIS primer", owner=ann, review_by=TODAY + datetime.timedelta(days=10)
    )
    ResourceFactory(title="Later", owner=ann, review_by=TODAY + datetime.timedelta(days=60))
    ResourceFactory(title="Bob's", owner=bob, review_by=TODAY)
    ResourceFactory(title="Archived", owner=bob, review_by=TODAY, status="archived")
    assert send_review_reminders(TODAY) == 2
    by_owner = {m.to[0]: m for m in mail.outbox}
    body = by_owner[ann.email].body
    assert by_owner[ann.email].subject == "State Data Hub: 2 resources to review"
    assert "Census guide: review by 4 December 2026 (overdue)" in body
    assert "GIS primer: review by 17 December 2026" in body and "Later" not in body
    assert f"https://datahub.ct.gov/resources/{overdue.slug}/" in body
    assert "https://datahub.ct.gov/resources/curation/" in body
    assert "Archived" not in by_owner[bob.email].body
    mail.outbox.clear()
    assert send_review_reminders(TODAY) == 0 and mail.outbox == []  # the next week: nothing
    # Reviewed and given a new date that comes due: reminded again for that date.
    Resource.objects.filter(pk=soon.pk).update(review_by=TODAY + datetime.timedelta(days=12))
    assert send_review_reminders(TODAY) == 1
    assert "GIS primer" in mail.outbox[0].body and "Census guide" not in mail.outbox[0].body


def test_the_command_runs_the_weekly_job(owners):
    ann, _bob = owners
    ResourceFactory(owner=ann, review_by=datetime.date(2000, 1, 1))
    out = io.StringIO()
    call_command("send_review_reminders", stdout=out)
    assert out.getvalue().strip() == "1 review reminder(s) sent."
    call_command("send_review_reminders", stdout=out)
    assert out.getvalue().strip().endswith("0 review reminder(s) sent.")
