"""results.csv, results.json and the curators' raw CSV (formula injection neutralised)."""

import csv
import io

from django.urls import reverse

from assessments.models import Answer, Question


def test_results_json_endpoint_matches_the_hand_computed_numbers(dataset, survey, leader_client):
    data = leader_client.get(reverse("assessments:results_json", args=[survey.key])).json()
    assert data["survey"] == "mini-2024" and data["respondents"] == 8
    budget = data["questions"][0]["items"][0]
    assert budget["key"] == "budget" and budget["percent"] == {
        "Agree": 50,
        "Neutral": 13,
        "Disagree": 25,
    }


def test_results_csv_has_one_measure_per_row(dataset, survey, leader_client):
    answer = leader_client.get(reverse("assessments:results_csv", args=[survey.key]))
    assert answer["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(answer.content.decode())))
    assert rows[0] == ["question", "type", "item", "text", "measure", "value"]
    assert ["", "", "", "", "respondents", "8"] in rows
    assert ["challenges", "matrix", "budget", "Lack of budget", "percent:Neutral", "13"] in rows
    assert ["effectiveness", "likert", "", "", "count:agree", "3"] in rows
    assert [
        "activities",
        "ranking",
        "training",
        "Training",
        "first_or_second_percent",
        "71",
    ] in rows
    assert ["activities", "ranking", "tools", "Tools", "mean_rank", "1.86"] in rows


def test_raw_responses_csv_neutralises_formulas(dataset, survey, curator_client):
    question = Question.objects.get(survey=survey, key="success")
    Answer.objects.filter(question=question, response=dataset[0]).update(
        text='=HYPERLINK("http://x")'
    )
    Answer.objects.filter(question=question, response=dataset[1]).update(text="+1+1")
    answer = curator_client.get(reverse("assessments:responses_csv", args=[survey.key]))
    rows = list(csv.DictReader(io.StringIO(answer.content.decode())))
    assert len(rows) == 9  # 8 submitted and the draft
    first = rows[0]
    assert first["success"] == '\'=HYPERLINK("http://x")'
    assert rows[1]["success"] == "'+1+1"
    assert first["challenges.budget"] == "strongly_agree" and first["activities.training"] == "1"
    assert first["agency"] == "DSS" and first["status"] == "submitted"
    assert rows[-1]["status"] == "draft"


def test_printable_report_reads_like_the_summary(dataset, survey, leader_client):
    page = leader_client.get(reverse("assessments:report", args=[survey.key]))
    text = page.content.decode()
    assert "Survey Results Summary" in text
    assert "8 responses were received (7 agency leadership, 1 agency data officer)" in text
    assert "css/assessments.css" in text


def test_results_page_has_charts_with_data_tables(dataset, survey, leader_client):
    text = leader_client.get(reverse("assessments:results", args=[survey.key])).content.decode()
    assert text.count('<svg class="chart-svg"') == 3
    assert text.count('class="table table-sm chart-table"') == 3
    assert 'role="img"' in text and "<title id=" in text
    assert (
        '<th scope="row">Lack of budget</th><td>50%</td><td>13%</td><td>25%</td><td>8</td>' in text
    )
