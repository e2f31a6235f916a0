"""The annual review: mark reviewed, the officer's home, reminders, completeness."""

import datetime
import io

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from inventory.models import ReviewReminder
from inventory.review_reminders import send_review_reminders
from tests import factories
from tests.inventory.factories import DatasetFactory

LAST_YEAR = datetime.date(timezone.localdate().year - 1, 6, 1)


def test_mark_reviewed_sets_today_and_history(client, dol, dol_officer):
    dataset = DatasetFactory(agency=dol, last_reviewed=LAST_YEAR)
    client.force_login(dol_officer)
    client.post(reverse("inventory:reviewed", args=[dataset.pk]))
    dataset.refresh_from_db()
    assert dataset.last_reviewed == timezone.localdate()
    assert dataset.history.first().history_change_reason == "reviewed"


def test_home_lists_entries_due_before_31_december(client, dol, dol_officer):
    DatasetFactory(agency=dol, last_reviewed=LAST_YEAR)
    DatasetFactory(agency=dol, last_reviewed=None)
    DatasetFactory(agency=dol)  # reviewed today
    client.force_login(dol_officer)
    tasks = [t for t in client.get(reverse("home")).context["tasks"] if t.area == "Data inventory"]
    assert len(tasks) == 1 and tasks[0].count == 2
    due = client.get(tasks[0].url).context["page"]
    assert len(due) == 2


def test_reminders_one_email_per_officer_per_month(dol, dss):
    officer = factories.data_officer(agency=dol)
    factories.data_officer(agency=dss)  # nothing due at DSS
    DatasetFactory(agency=dol, last_reviewed=LAST_YEAR)
    DatasetFactory(agency=dss)
    october = datetime.date(timezone.localdate().year, 10, 5)
    assert send_review_reminders(october) == 1
    assert mail.outbox[0].to == [officer.email]
    assert "1 inventory entry" in mail.outbox[0].subject
    assert send_review_reminders(october) == 0
    assert ReviewReminder.objects.get().period == october.strftime("%Y-%m")
    assert send_review_reminders(october.replace(month=11)) == 1


def test_reminder_command_is_idempotent(dol):
    factories.data_officer(agency=dol)
    DatasetFactory(agency=dol, last_reviewed=LAST_YEAR)
    call_command("send_inventory_reminders", stdout=io.StringIO())
    call_command("send_inventory_reminders", stdout=io.StringIO())  # the job running again
    assert len(mail.outbox) == 1


def test_reminder_job_is_scheduled():
    from config import schedule

    assert schedule.monthly_inventory_reminders.name == "monthly_inventory_reminders"


def test_completeness_counts_per_agency(client, curator, dol, dss, django_assert_max_num_queries):
    DatasetFactory(agency=dol, categories=["ui_wage_records"])
    DatasetFactory(
        agency=dol, last_reviewed=LAST_YEAR, description="", categories=["ui_wage_records"]
    )
    DatasetFactory(agency=dss, update_frequency="")
    DatasetFactory(agency=dss, status="retired")
    client.force_login(curator)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("inventory:completeness"))
    rows = {r["agency__code"]: r for r in response.context["rows"]}
    assert (rows["DOL"]["entries"], rows["DOL"]["reviewed"], rows["DOL"]["incomplete"]) == (2, 1, 1)
    assert (rows["DSS"]["entries"], rows["DSS"]["reviewed"], rows["DSS"]["incomplete"]) == (1, 1, 1)
