"""A published baseline: a cycle known only by its report's figures (2024: Appendix B of
the summary report, data/results_2024_published.csv). Loading marks the survey as a
baseline and stores its figures; its results pages then show them, marked as published.
"""

import csv
from pathlib import Path

from django.db import transaction

from assessments.aggregation import results_changed
from assessments.models import Item, PublishedFigure, Question, Response, Survey

PUBLISHED_2024 = Path(__file__).resolve().parent / "data" / "results_2024_published.csv"
COLUMNS = ["question", "item", "short_label", "answer", "measure", "value"]


class BaselineError(Exception):
    """Every problem found in the file, or a survey that has responses; nothing written."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


def read_figures(survey, lines) -> list[PublishedFigure]:
    """The file's rows as unsaved figures, checked against the survey's questionnaire."""
    reader = csv.DictReader(lines)
    if reader.fieldnames != COLUMNS:
        raise BaselineError([f"the columns must be {', '.join(COLUMNS)}"])
    questions = {q.key: q for q in Question.objects.filter(survey=survey)}
    items = {(i.question_id, i.key): i for i in Item.objects.filter(question__survey=survey)}
    figures, errors = [], []
    for line, row in enumerate(reader, start=2):
        question = questions.get(row["question"])
        if question is None:
            errors.append(f"line {line}: no question '{row['question']}' in {survey.key}")
            continue
        item = None
        if row["item"]:
            item = items.get((question.pk, row["item"]))
            if item is None:
                errors.append(f"line {line}: no item '{row['item']}' in {question.key}")
                continue
        if row["measure"] not in PublishedFigure.Measure.values:
            errors.append(f"line {line}: measure must be percent or count")
            continue
        value = (row["value"] or "").strip()
        if value and not value.isdigit():
            errors.append(f"line {line}: value must be a whole number or blank")
            continue
        if value and row["measure"] == "percent" and int(value) > 100:
            errors.append(f"line {line}: a percentage is at most 100")
            continue
        figures.append(
            PublishedFigure(
                survey=survey,
                question=question,
                item=item,
                answer=row["answer"].strip(),
                measure=row["measure"],
                value=int(value) if value else None,
            )
        )
    if errors:
        raise BaselineError(errors)
    return figures


def load_baseline(survey: Survey, path=PUBLISHED_2024) -> int:
    """Mark the survey as a published baseline with the file's figures (replacing any);
    refused when the survey has responses. Returns the number of figures."""
    with open(path, encoding="utf-8", newline="") as handle:
        figures = read_figures(survey, handle)
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        answered = Response.objects.filter(survey=survey).count()
        if answered:
            raise BaselineError(
                [
                    f"{survey.key} has {answered} response(s): a baseline has published "
                    "figures only (delete the responses in the admin first)"
                ]
            )
        PublishedFigure.objects.filter(survey=survey).delete()
        PublishedFigure.objects.bulk_create(figures)
        if not survey.baseline:
            survey.baseline = True
            survey.save(update_fields=["baseline"])
        results_changed()
    return len(figures)
