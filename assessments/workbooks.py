"""Excel (.xlsx) exports with openpyxl: the results tables for everyone, the raw
responses in wide format (one row per response, one column per item) for curators.
Numbers, percentages and dates are typed as such; text is always stored as text, so a
cell that starts with "=" is never a formula."""

from io import BytesIO

from openpyxl import Workbook

from assessments.models import Question
from hub.spreadsheets import append_row as _append

PERCENT = "0%"


def _share(value):
    return None if value is None else value / 100


def results_workbook(results) -> bytes:
    book = Workbook(write_only=True)
    summary = book.create_sheet("Summary")
    _append(summary, ["survey", results.survey.key])
    _append(summary, ["title", results.survey.title])
    _append(summary, ["cycle", results.survey.cycle])
    _append(summary, ["respondents", results.respondents])
    if results.baseline:
        _append(summary, ["note", "Published baseline: the report's figures, no responses"])
    for label, n in results.by_role:
        _append(summary, [label, n])
    for question in results.questions:
        sheet = book.create_sheet(question.key[:31])
        _append(sheet, [question.text])
        if question.kind == Question.Kind.MATRIX:
            options = [key for key, _label in question.options]
            _append(sheet, ["item", "short label", *question.groups, "answered", *options])
            shares = {3 + n: PERCENT for n in range(len(question.groups))}
            for item in question.items:
                _append(
                    sheet,
                    [
                        item.text,
                        item.label,
                        *[_share(item.percent.get(g)) for g in question.groups],
                        item.answered,
                        *[item.counts.get(key) for key in options],
                    ],
                    shares,
                )
        elif question.kind == Question.Kind.LIKERT:
            _append(sheet, ["answer", "respondents"])
            for label, n in question.count_rows:
                _append(sheet, [label, n])
        else:
            _append(
                sheet, ["activity", "short label", "ranked 1st or 2nd", "mean rank", "ranked by"]
            )
            for item in question.items:
                _append(
                    sheet,
                    [
                        item.text,
                        item.label,
                        _share(item.first_or_second_percent),
                        item.mean_rank,
                        item.answered,
                    ],
                    {3: PERCENT},
                )
    return _save(book)


def responses_workbook(header, rows) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Responses")
    _append(sheet, header)
    for row in rows:
        _append(sheet, row)
    return _save(book)


def _save(book) -> bytes:
    out = BytesIO()
    book.save(out)
    return out.getvalue()
