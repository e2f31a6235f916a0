"""The AI readiness questionnaire (issue 18): data only, it loads with load_survey and
runs through the same pages, results, breakdowns, exports and report."""

import csv
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from assessments.forms import field_name
from assessments.models import Question, Response, Survey
from tests import factories
from tests.assessments.factories import add_response

KEY = "ai-readiness-2026"


def url(name, *args):
    return reverse(f"assessments:{name}", args=args)


@pytest.fixture
def ai_survey(db):
    out = io.StringIO()
    call_command("load_survey", "assessments/data/ai_readiness.yaml", stdout=out)
    return Survey.objects.get(key=KEY)


def test_it_loads_with_likert_matrix_ranking_and_text_questions(ai_survey):
    kinds = set(Question.objects.filter(survey=ai_survey).values_list("kind", flat=True))
    assert kinds == {"single_choice", "matrix", "likert", "ranking", "text"}
    required = dict(Question.objects.filter(survey=ai_survey).values_list("key", "required"))
    assert required["governance"] and required["priorities"] and not required["risk_notes"]
    items = ai_survey.questions.get(key="governance").items.values_list("key", flat=True)
    assert "policy" in items and "advisory_review" in items


def _answer_everything(client, survey):
    for section in survey.sections.order_by("position"):
        data = {}
        for question in section.questions.filter(profile_field=""):
            options = list(question.scale.options.all()) if question.scale_id else []
            if question.kind in ("single_choice", "likert"):
                data[field_name(question)] = options[1].pk
            elif question.kind == "text":
                data[field_name(question)] = f"Our answer to {question.key}"
            elif question.kind == "matrix":
                for n, item in enumerate(question.items.all()):
                    data[field_name(question, item)] = options[n % 3].pk
            else:
                for n, item in enumerate(question.items.all()):
                    data[field_name(question, item)] = n + 1
        answer = client.post(url("respond_section", survey.key, section.key), data)
        assert answer.status_code == 302, answer.content[:2000]


def test_a_leader_answers_it_through_the_same_pages_and_its_results_work(
    ai_survey, agencies, curator_client
):
    leader = factories.leader(agency=agencies["DSS"])
    client = Client()
    client.force_login(leader)
    assert client.get(url("respond", KEY)).status_code == 302
    _answer_everything(client, ai_survey)
    review = client.get(url("review", KEY))
    assert review.context["completion"].can_submit
    assert review.context["completion"].answered == review.context["completion"].total == 10
    confirm = client.get(url("submit", KEY))
    assert "You have answered 10 of 10." in confirm.context["confirm"]["body"]
    client.post(url("submit", KEY), {"confirmed": "1"})
    mine = Response.objects.get(survey=ai_survey, respondent=leader)
    assert mine.status == "submitted"
    for code, answer in (("DOL", "agree"), ("DPH", "disagree"), ("DOT", "agree")):
        add_response(
            ai_survey,
            agencies[code],
            {
                "governance.policy": answer,
                "readiness": answer,
                "uses.chat_assistants": "in_use",
                "priorities.training": 1,
                "priorities.guidance": 2,
            },
        )
    results = curator_client.get(url("results", KEY))
    html = results.content.decode()
    assert results.context["results"].respondents == 4
    assert "<li>Written AI policy, 75%</li>" in html  # 3 of 4 agree (DSS: strongly agree)
    data = curator_client.get(url("results_json", KEY)).json()
    assert {q["key"] for q in data["questions"]} == {
        "uses",
        "governance",
        "readiness",
        "data_readiness",
        "risks",
        "training",
        "priorities",
    }
    rows = list(
        csv.reader(io.StringIO(curator_client.get(url("results_csv", KEY)).content.decode()))
    )
    assert any(r[:3] == ["governance", "matrix", "policy"] for r in rows)
    for by in ("role", "group"):
        page = curator_client.get(url("breakdown", KEY) + f"?by={by}")
        assert page.status_code == 200
        assert curator_client.get(url("breakdown_csv", KEY) + f"?by={by}").status_code == 200
    role = curator_client.get(url("breakdown_json", KEY) + "?by=role").json()
    assert {t["question"] for t in role["tables"]} >= {"governance", "priorities"}
    report = curator_client.get(url("report", KEY))
    assert report.status_code == 200 and b"Written AI policy" in report.content
    assert curator_client.get(url("compare", KEY)).status_code == 200
    progress = curator_client.get(url("responses", KEY)).context["progress"]
    dss = next(r for r in progress if r["agency"].code == "DSS")
    assert (dss["status"], dss["answered"], dss["total"]) == ("Submitted", 10, 10)
    # a user of an unrelated agency never sees the leader's answers
    outsider = factories.leader(agency=factories.AgencyFactory(code="DCF"))
    client.force_login(outsider)
    assert client.get(url("response_detail", KEY, mine.pk)).status_code == 404


def test_new_questionnaires_say_neither_agree_nor_disagree_and_2024_keeps_the_reports_words():
    from pathlib import Path

    import yaml

    data = Path(__file__).resolve().parents[2] / "assessments" / "data"

    def neutral(name):  # the agreement scale's middle answer
        scales = yaml.safe_load((data / name).read_text(encoding="utf-8"))["scales"]
        options = scales["agreement"]["options"]
        return {o["label"] for o in options if o["key"] == "neutral"}

    assert neutral("ai_readiness.yaml") == {"Neither agree nor disagree"}
    assert neutral("survey_2024.yaml") == {"Neither agree or disagree"}  # as the report printed
