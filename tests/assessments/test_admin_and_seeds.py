"""Curators' admin (copy to a new cycle), demo responses and the scale seeder."""

import io

from django.core.management import call_command
from django.urls import reverse

from assessments.models import AgencyGroup, Answer, Item, Question, Response, Survey
from assessments.scale import seed_responses


def test_admin_copies_a_survey_into_a_new_cycle(survey, curator, client):
    curator.is_superuser = True
    curator.save()
    client.force_login(curator)
    answer = client.post(
        reverse("admin:assessments_survey_changelist"),
        {"action": "copy_to_new_cycle", "_selected_action": [survey.pk]},
        follow=True,
    )
    assert b"Copied mini-2024 to mini-2025 (cycle 2025)" in answer.content
    copy = Survey.objects.get(key="mini-2025")
    assert (
        Question.objects.filter(survey=copy).count()
        == Question.objects.filter(survey=survey).count()
    )
    assert Item.objects.filter(question__survey=copy).count() == 5
    assert not Response.objects.filter(survey=copy).exists()
    assert (
        client.get(reverse("admin:assessments_survey_change", args=[survey.pk])).status_code == 200
    )
    assert client.get(reverse("admin:assessments_response_changelist")).status_code == 200


def test_seed_demo_responses_is_idempotent(db):
    call_command("load_survey", "assessments/data/survey_2024.yaml", stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_demo_responses", stdout=out)
    assert "22 created" in out.getvalue()
    answers = Answer.objects.count()
    out = io.StringIO()
    call_command("seed_demo_responses", stdout=out)
    assert "0 created, 0 updated, 22 unchanged" in out.getvalue()
    assert Answer.objects.count() == answers
    assert AgencyGroup.objects.count() == 3
    assert Response.objects.filter(role="data_officer").count() == 1


def test_seed_scale_creates_submitted_responses_in_bulk(db):
    out = io.StringIO()
    call_command("seed_scale", "--responses", "25", stdout=out)
    survey = Survey.objects.get(key="leadership-2024-scale")
    assert Response.objects.filter(survey=survey, status="submitted").count() == 25
    seed_responses(5, io.StringIO())
    assert Response.objects.filter(survey=survey).count() == 30
    assert Answer.objects.filter(question__kind="ranking").count() == 30 * 5


def test_bench_assessments_prints_its_table(db):
    seed_responses(5, io.StringIO())
    out = io.StringIO()
    call_command("bench_assessments", "--runs", "2", stdout=out)
    text = out.getvalue()
    assert "5 submitted responses" in text
    for row in ("raw SQL", "results page computed", "breakdown page cached", "p95 ms"):
        assert row in text
