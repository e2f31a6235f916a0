"""Curators edit the hiring toolkit in the admin, with history; nobody else can."""

import pytest

from hiring.models import InterviewKit, JobClassification
from tests import factories
from tests.hiring import factories as hiring

pytestmark = pytest.mark.django_db

CLASSIFICATION = {
    "role": "data-engineer",
    "title": "Data Engineer 2",
    "class_code": "DE2",
    "salary_group": "MP-65",
    "typical_duties": "Builds pipelines.",
    "minimum_qualifications": "Four years.",
    "position": "0",
}


def test_a_curator_adds_a_classification_and_the_history_names_them(curator_client, curator):
    response = curator_client.post("/admin/hiring/jobclassification/add/", CLASSIFICATION)
    assert response.status_code == 302, response.content.decode()[:2000]
    classification = JobClassification.objects.get(class_code="DE2")
    assert classification.history.get().history_user == curator
    assert b"Data Engineer 2" in curator_client.get("/hiring/data-engineer/").content


def test_a_curator_replaces_a_sample_and_the_change_is_kept(curator_client, curator):
    sample = hiring.role_content("analyst", "DEMO", sample=True)["classification"]
    data = {**CLASSIFICATION, "role": "analyst", "title": "Research Analyst"}  # is_sample off
    response = curator_client.post(f"/admin/hiring/jobclassification/{sample.pk}/change/", data)
    assert response.status_code == 302
    sample.refresh_from_db()
    assert not sample.is_sample and sample.title == "Research Analyst"
    assert [h.is_sample for h in sample.history.order_by("history_date")] == [True, False]
    history = curator_client.get(f"/admin/hiring/jobclassification/{sample.pk}/history/")
    assert history.status_code == 200 and str(curator).encode() in history.content


def test_a_curator_edits_an_interview_kit_with_its_questions(curator_client):
    response = curator_client.post(
        "/admin/hiring/interviewkit/add/",
        {
            "role": "data-scientist", "title": "Scientist kit", "introduction": "",
            "position": "0",
            "questions-TOTAL_FORMS": "1", "questions-INITIAL_FORMS": "0",
            "questions-MIN_NUM_FORMS": "0", "questions-MAX_NUM_FORMS": "1000",
            "questions-0-position": "0",
            "questions-0-question": "How do you validate a model?",
            "questions-0-listen_for": "Holdout data.",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    kit = InterviewKit.objects.get(title="Scientist kit")
    assert [q.question for q in kit.questions.all()] == ["How do you validate a model?"]


def test_curators_open_every_list_and_the_samples_filter(curator_client):
    hiring.role_content("analyst", "A", sample=True)
    hiring.program("Fellows", sample=True)
    hiring.guidance("Remote", sample=True)
    for model in (
        "jobclassification", "jobposting", "interviewkit", "program", "partnerschool",
        "competingguidance",
    ):  # fmt: skip
        response = curator_client.get(f"/admin/hiring/{model}/?is_sample__exact=1")
        assert response.status_code == 200, model
        assert curator_client.get(f"/admin/hiring/{model}/add/").status_code == 200, model


def test_other_roles_are_refused(client, leader):
    client.force_login(leader)  # not staff: sent to sign in
    response = client.get("/admin/hiring/jobclassification/")
    assert response.status_code == 302
    staff = factories.reviewer(agency=factories.AgencyFactory(code="OPM"), is_staff=True)
    client.force_login(staff)  # staff without the curators' permissions
    assert client.get("/admin/hiring/jobclassification/").status_code == 403
    assert client.post("/admin/hiring/jobclassification/add/", CLASSIFICATION).status_code == 403
    assert not JobClassification.objects.exists()
