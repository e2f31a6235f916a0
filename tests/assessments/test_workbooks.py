"""Excel exports (issue 18): the results tables for everyone, the raw responses in wide
format for curators; typed cells, formulas neutralised."""

import datetime
from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import Answer, Question


def _book(answer):
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(BytesIO(answer.content))


def test_results_workbook_has_typed_percentages_and_counts(dataset, survey, leader_client):
    book = _book(leader_client.get(reverse("assessments:results_xlsx", args=[survey.key])))
    summary = {row[0].value: row[1].value for row in book["Summary"].iter_rows()}
    assert summary["respondents"] == 8
    challenges = book["challenges"]
    rows = list(challenges.iter_rows(values_only=True))
    assert rows[1][:6] == ("item", "short label", "Agree", "Neutral", "Disagree", "answered")
    budget = next(r for r in rows if r[0] == "Lack of budget")
    assert budget[2] == 0.5 and budget[5] == 8  # 50% as a number, answered as a number
    cell = next(c for c in challenges["C"] if c.value == 0.5)
    assert cell.number_format == "0%"
    training = next(r for r in book["activities"].iter_rows(values_only=True) if r[0] == "Training")
    assert training[2] == 0.71 and training[4] == 6  # ranked by 6


def test_raw_workbook_is_wide_typed_and_neutralises_formulas(dataset, survey, curator_client):
    question = Question.objects.get(survey=survey, key="success")
    Answer.objects.filter(question=question, response=dataset[0]).update(text="=HYPERLINK(1)")
    book = _book(curator_client.get(reverse("assessments:responses_xlsx", args=[survey.key])))
    sheet = book["Responses"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:5] == ("respondent", "agency", "role", "status", "submitted_at")
    assert "challenges.budget" in header and "activities.training" in header
    assert len(rows) == 1 + 9  # every response, one row each
    first = dict(zip(header, rows[1], strict=True))
    assert isinstance(first["submitted_at"], datetime.datetime)
    assert first["activities.training"] == 1  # a rank is a number
    assert first["success"] == "=HYPERLINK(1)"
    formula_cell = sheet.cell(row=2, column=header.index("success") + 1)
    assert formula_cell.data_type == "s"  # stored as text, never a formula


def test_raw_workbook_is_for_curators_only(dataset, survey, leader_client):
    answer = leader_client.get(reverse("assessments:responses_xlsx", args=[survey.key]))
    assert answer.status_code == 403
