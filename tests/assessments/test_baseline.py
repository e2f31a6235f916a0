"""The 2024 cycle as a published baseline (issue 18): the report's figures, no responses,
marked on every page that shows them, and compared with a new cycle."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessments.aggregation import results_for_survey
from assessments.baseline import BaselineError, load_baseline
from assessments.models import Item, PublishedFigure, Survey
from assessments.services import copy_survey
from tests import factories
from tests.assessments.factories import add_response


@pytest.fixture
def baseline(db):
    call_command("load_survey", "assessments/data/survey_2024.yaml", stdout=io.StringIO())
    out = io.StringIO()
    call_command("load_baseline", stdout=out)
    assert "leadership-2024: published baseline with 102 figures." in out.getvalue()
    return Survey.objects.get(key="leadership-2024")


def test_the_baseline_holds_the_reports_figures_and_no_responses(baseline):
    assert baseline.baseline and not baseline.responses.exists() and not baseline.is_open()
    results = results_for_survey(baseline)
    assert results.baseline and results.respondents == 22
    assert dict(results.by_role)["Agency leadership"] == 21
    assert dict(results.by_role)["Agency data officer"] == 1
    challenges = results.question("challenges")
    top = challenges.top[0]
    assert (top.key, top.label, top.percent) == (
        "budget",
        "Budget",
        {"Agree": 89, "Neutral": 5, "Disagree": 5},
    )
    ai = next(i for i in results.question("impacts").items if i.key == "ai")
    assert ai.percent == {"Likely": 90, "Neutral": None, "Unlikely": 10}  # "--" in the report
    assert results.question("effectiveness").counts["agree"] == 18
    ranking = {i.key: i.first_or_second_percent for i in results.question("activities").items}
    assert ranking["training"] == 68


def test_loading_again_changes_nothing(baseline):
    before = list(PublishedFigure.objects.values_list("question_id", "item_id", "answer", "value"))
    call_command("load_baseline", stdout=io.StringIO())
    after = list(PublishedFigure.objects.values_list("question_id", "item_id", "answer", "value"))
    assert sorted(before, key=str) == sorted(after, key=str)


def test_a_survey_with_responses_cannot_become_a_baseline(db, agencies):
    call_command("load_survey", "assessments/data/survey_2024.yaml", stdout=io.StringIO())
    survey = Survey.objects.get(key="leadership-2024")
    add_response(survey, agencies["DSS"], {"effectiveness": "agree"})
    with pytest.raises(BaselineError, match="has 1 response"):
        load_baseline(survey)
    assert not Survey.objects.get(pk=survey.pk).baseline
    assert not PublishedFigure.objects.exists()


def test_a_malformed_file_is_refused_with_its_line(db, tmp_path):
    call_command("load_survey", "assessments/data/survey_2024.yaml", stdout=io.StringIO())
    survey = Survey.objects.get(key="leadership-2024")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "question,item,short_label,answer,measure,value\n"
        "challenges,budget,Budget,Agree,percent,189\n"
        "challenges,nope,Nope,Agree,percent,10\n"
    )
    with pytest.raises(BaselineError) as error:
        load_baseline(survey, bad)
    assert error.value.errors == [
        "line 2: a percentage is at most 100",
        "line 3: no item 'nope' in challenges",
    ]
    assert not PublishedFigure.objects.exists()


def test_every_page_that_shows_the_baseline_says_so(baseline, client):
    client.force_login(factories.leader(agency=factories.AgencyFactory(code="DCF")))
    for name in ("results", "report", "breakdown"):
        page = client.get(reverse(f"assessments:{name}", args=[baseline.key]))
        assert page.status_code == 200
        assert b'data-testid="baseline-note"' in page.content, name
    results = client.get(reverse("assessments:results", args=[baseline.key])).content.decode()
    assert "<li>Budget, 89%</li>" in results and "n=22" in results
    report = client.get(reverse("assessments:report", args=[baseline.key])).content.decode()
    assert "<td>–</td>" in report  # the report's "--"
    data = client.get(reverse("assessments:results_json", args=[baseline.key])).json()
    impacts = next(q for q in data["questions"] if q["key"] == "impacts")
    ai = next(i for i in impacts["items"] if i["key"] == "ai")
    assert ai["percent"]["Neutral"] is None
    index = client.get(reverse("assessments:index")).content.decode()
    assert "Published baseline (the report's figures only)" in index
    respond = client.get(reverse("assessments:respond", args=[baseline.key]))
    assert respond.status_code == 403  # a baseline takes no answers


def test_the_comparison_shows_2024_new_and_change_with_new_and_dropped_items(
    baseline, agencies, curator_client
):
    later = copy_survey(baseline, key="leadership-2026", cycle="2026")
    Item.objects.filter(question__survey=later, key="tech_change").delete()
    challenges = later.questions.get(key="challenges")
    Item.objects.create(question=challenges, key="cloud", text="Moving to the cloud", position=9)
    for code, budget in (("DSS", "agree"), ("DOL", "disagree"), ("DPH", "agree"), ("DOT", "agree")):
        add_response(
            later,
            agencies[code],
            {
                "challenges.budget": budget,
                "challenges.cloud": "agree",
                "effectiveness": "agree",
                "activities.training": 1,
                "activities.tools_access": 2,
            },
        )
    page = curator_client.get(
        reverse("assessments:compare", args=[later.key]) + "?with=leadership-2024"
    )
    rows = {(r.question, r.item): r for r in page.context["rows"]}
    budget = rows[("challenges", "budget")]
    assert (budget.label, budget.earlier, budget.later, budget.change) == ("Budget", 89, 75, -14)
    effectiveness = rows[("effectiveness", "")]
    assert (effectiveness.earlier, effectiveness.later) == (100, 100)  # 22 of 22 agreed
    training = rows[("activities", "training")]
    assert (training.earlier, training.later, training.change) == (68, 100, 32)
    assert [i.item for i in page.context["new"]] == ["cloud"]
    assert [i.item for i in page.context["dropped"]] == ["tech_change"]
    html = page.content.decode()
    assert 'data-testid="baseline-note"' in html
    assert "-14" in html and "Moving to the cloud" in html
    assert 'id="compare-challenges-caption"' in html  # the chart, with its table
    assert "Budget (2024)" in html and "Budget (2026)" in html


def test_the_report_has_the_2024_shape_and_compares_with_the_baseline(
    baseline, agencies, curator_client
):
    later = copy_survey(baseline, key="leadership-2026", cycle="2026")
    for code, budget in (("DSS", "agree"), ("DOL", "disagree"), ("DPH", "agree"), ("DOT", "agree")):
        add_response(later, agencies[code], {"challenges.budget": budget, "effectiveness": "agree"})
    page = curator_client.get(reverse("assessments:report", args=[later.key]))
    html = page.content.decode()
    assert 'id="r-respondents"' in html and "<td>4</td>" in html  # respondents by role
    assert [q.key for q in page.context["tops"]] == ["challenges", "impacts", "training"]
    assert 'data-testid="top-challenges"' in html and "<li>Budget, 75%</li>" in html
    assert html.count('<svg class="chart-svg"') == 5  # every reported question, with its table
    assert "Not applicable” counts in the denominator" in html
    assert 'id="r-compare"' in html and "Compared with 2024" in html
    budget = next(r for r in page.context["comparison"] if r.item == "budget")
    assert (budget.earlier, budget.later) == (89, 75)
