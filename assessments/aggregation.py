"""The report's numbers, computed in SQL (GROUP BY / FILTER) over submitted responses.

Rules from the 2024 report (data/survey_2024.yaml): a matrix row shows the share of
everyone who answered the item (Not applicable included in the denominator, not shown)
per report group; percentages are whole numbers, half rounded up; rows sorted by the
positive column; the ranking shows the share who ranked an item first or second.
Only the aggregated rows (items x options) reach Python, never the answers themselves:
they are read from AnswerTally, the submitted answers counted per agency, role and cell.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from assessments import suppression
from assessments.models import (
    AgencyGroup,
    AnswerTally,
    PublishedFigure,
    Question,
    Response,
    Survey,
)
from config import cache_versions

TOP_N = 5


def results_changed() -> None:
    """Call in every transaction that changes what the results count (a response submitted,
    reopened, imported, deleted; the questionnaire edited): the tallies are counted again
    and the results' cache version is renewed on commit, so no version outlives its tallies.

    The advisory lock queues concurrent writers before their refresh, so each refresh
    statement starts after the previous writer committed and counts its answers (a
    REFRESH waiting on the view's own lock would count from the snapshot it took before
    waiting). CONCURRENTLY: pages keep reading the old tallies until the commit.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('assessments_answer_tally'))")
        cursor.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY assessments_answer_tally")
    cache_versions.changed(cache_versions.SURVEY_RESULTS)


def percent(part: int, whole: int) -> int:
    """floor(100 * part / whole + 0.5) in integers: whole numbers, half rounded up."""
    if not whole:
        return 0
    return (200 * part + whole) // (2 * whole)


@dataclass
class MatrixItem:
    key: str
    text: str
    position: int
    answered: int
    percent: dict[str, int]
    counts: dict[str, int]
    hub_tags: list[str] = field(default_factory=list)
    positive: int = 0
    label: str = ""  # the short label (the text when there is none)

    def as_json(self):
        return {
            "key": self.key,
            "text": self.text,
            "answered": self.answered,
            "percent": self.percent,
            "counts": self.counts,
        }


@dataclass
class QuestionResult:
    key: str
    kind: str
    text: str
    groups: list[str] = field(default_factory=list)
    options: list[tuple[str, str]] = field(default_factory=list)  # (key, label)
    items: list = field(default_factory=list)
    answered: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    positive_options: list[str] = field(default_factory=list)  # option keys

    @property
    def positive_group(self) -> str:
        return self.groups[0] if self.groups else ""

    @property
    def top(self):
        return self.items[:TOP_N]

    @property
    def count_rows(self):
        """(label, count) in scale order, for the likert table and chart."""
        return [(label, self.counts.get(key, 0)) for key, label in self.options]

    def as_json(self):
        if self.kind == Question.Kind.MATRIX:
            return {
                "key": self.key,
                "type": "matrix",
                "groups": self.groups,
                "items": [item.as_json() for item in self.items],
            }
        if self.kind == Question.Kind.LIKERT:
            return {
                "key": self.key,
                "type": "likert",
                "answered": self.answered,
                "counts": self.counts,
            }
        return {
            "key": self.key,
            "type": "ranking",
            "items": [
                {
                    "key": item.key,
                    "text": item.text,
                    "answered": item.answered,
                    "first_or_second_percent": item.first_or_second_percent,
                    "mean_rank": item.mean_rank,
                }
                for item in self.items
            ],
        }


@dataclass
class RankingItem:
    key: str
    text: str
    position: int
    answered: int
    first_or_second_percent: int
    mean_rank: float | None
    label: str = ""  # the short label (the text when there is none)


@dataclass
class SurveyResults:
    survey: Survey
    respondents: int
    by_role: list[tuple[str, int]]
    questions: list[QuestionResult]
    baseline: bool = False  # the published figures of a baseline cycle, not counted here

    def as_json(self):
        return {
            "survey": self.survey.key,
            "respondents": self.respondents,
            "questions": [q.as_json() for q in self.questions],
        }

    @property
    def role_summary(self) -> str:
        return ", ".join(f"{n} {label.lower()}" for label, n in self.by_role if n)

    def question(self, key):
        return next((q for q in self.questions if q.key == key), None)


REPORTED_KINDS = [Question.Kind.MATRIX, Question.Kind.LIKERT, Question.Kind.RANKING]


def reported_questions(survey):
    """The survey's reported questions with their items and scale options (fixed queries)."""
    return list(
        Question.objects.filter(survey=survey, kind__in=REPORTED_KINDS)
        .select_related("scale")
        .prefetch_related("items", "scale__options")
        .order_by("section__position", "position")
    )


def answer_counts(survey, question_ids):
    """Submitted answers counted per question, item, option and rank (the tallies of every
    agency and role added up)."""
    return (
        AnswerTally.objects.filter(survey=survey, question_id__in=question_ids)
        .values_list("question_id", "item_id", "option_id", "rank")
        .annotate(n=Sum("n"))
        .order_by()
    )


def results_for_survey(survey, questions=None) -> SurveyResults:
    """The report's numbers; `questions` is reported_questions(survey), when already read."""
    if questions is None:
        questions = reported_questions(survey)
    if survey.baseline:
        return published_results(survey, questions)
    counts = defaultdict(int)  # (question, item, option, rank) -> n
    for question_id, item_id, option_id, rank, n in answer_counts(
        survey, [q.pk for q in questions]
    ):
        counts[(question_id, item_id, option_id, rank)] = n
    by_role = dict(
        Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED)
        .values_list("role")
        .annotate(n=Count("id"))
        .order_by()
    )
    results = [_fold(question, counts) for question in questions]
    return SurveyResults(
        survey=survey,
        respondents=sum(by_role.values()),
        by_role=[(label, by_role.get(value, 0)) for value, label in Response.Role.choices],
        questions=results,
    )


def published_results(survey, questions) -> SurveyResults:
    """A baseline's results from its published figures: percentages per item and group
    (None where the report has "--"), counts per answer, first-or-second shares."""
    figures = {
        (f.question_id, f.item_id, f.answer.lower(), f.measure): f.value
        for f in PublishedFigure.objects.filter(survey=survey).select_related("question")
    }
    role_counts = {
        answer: value
        for (question_id, _item, answer, measure), value in figures.items()
        if measure == "count" and question_id not in {q.pk for q in questions}
    }
    by_role = [(label, role_counts.get(label.lower()) or 0) for _v, label in Response.Role.choices]
    results = []
    for question in questions:
        result, options = _empty_result(question)
        if question.kind == Question.Kind.LIKERT:
            result.counts = {
                o.key: figures.get((question.pk, None, o.label.lower(), "count")) or 0
                for o in options
            }
            result.answered = sum(result.counts.values())
        elif question.kind == Question.Kind.MATRIX:
            for item in question.items.all():
                shares = {
                    g: figures.get((question.pk, item.pk, g.lower(), "percent"))
                    for g in result.groups
                }
                result.items.append(
                    MatrixItem(
                        key=item.key,
                        text=item.text,
                        position=item.position,
                        answered=0,
                        percent=shares,
                        counts={},
                        hub_tags=item.tag_list,
                        positive=shares.get(result.positive_group) or 0,
                        label=item.label,
                    )
                )
            result.items.sort(key=lambda i: (-i.positive, i.position))
        else:
            for item in question.items.all():
                share = figures.get((question.pk, item.pk, "first or second choice", "percent"))
                result.items.append(
                    RankingItem(
                        key=item.key,
                        text=item.text,
                        position=item.position,
                        answered=0,
                        first_or_second_percent=share,
                        mean_rank=None,
                        label=item.label,
                    )
                )
            result.items.sort(key=lambda i: (-(i.first_or_second_percent or 0), i.position))
        results.append(result)
    return SurveyResults(
        survey=survey,
        respondents=sum(n for _label, n in by_role),
        by_role=by_role,
        questions=results,
        baseline=True,
    )


def _groups(options):
    groups = []
    for option in options:
        if option.group and option.group not in groups:
            groups.append(option.group)
    return groups


def _empty_result(question) -> tuple[QuestionResult, list]:
    """A question's result before its numbers: for a scale, its options and report groups
    (the first group is the positive one); returns the result and the scale's options."""
    result = QuestionResult(key=question.key, kind=question.kind, text=question.text)
    options = []
    if question.kind in (Question.Kind.MATRIX, Question.Kind.LIKERT):
        options = list(question.scale.options.all())
        result.groups = _groups(options)
        result.options = [(o.key, o.label) for o in options]
        result.positive_options = [
            o.key for o in options if o.group and o.group == result.groups[0]
        ]
    return result, options


def _fold(question, counts) -> QuestionResult:
    """Turn the aggregated rows of one question into the report's table."""
    result, options = _empty_result(question)
    if question.kind == Question.Kind.LIKERT:
        result.counts = {o.key: counts.get((question.pk, None, o.pk, None), 0) for o in options}
        result.answered = sum(result.counts.values())
    elif question.kind == Question.Kind.MATRIX:
        items = []
        for item in question.items.all():
            by_option = {o.key: counts.get((question.pk, item.pk, o.pk, None), 0) for o in options}
            answered = sum(by_option.values())
            by_group = {g: 0 for g in result.groups}
            for option in options:
                if option.group:
                    by_group[option.group] += by_option[option.key]
            items.append(
                MatrixItem(
                    key=item.key,
                    text=item.text,
                    position=item.position,
                    answered=answered,
                    percent={g: percent(n, answered) for g, n in by_group.items()},
                    counts=by_option,
                    hub_tags=item.tag_list,
                    label=item.label,
                )
            )
        positive = result.positive_group
        for item in items:
            item.positive = item.percent.get(positive, 0)
        items.sort(key=lambda i: (-i.percent.get(positive, 0), i.position))
        result.items = items
    else:
        result.items = _ranking_items(question, counts)
        result.answered = max((i.answered for i in result.items), default=0)
    return result


def _ranking_items(question, counts):
    items = list(question.items.all())
    ranks = defaultdict(dict)  # item id -> {rank: n}
    for (question_id, item_id, _option, rank), n in counts.items():
        if question_id == question.pk and rank is not None:
            ranks[item_id][rank] = n
    # Ranks run 1..k without gaps, so each respondent who ranked gave exactly one "1".
    respondents = sum(ranks[item.pk].get(1, 0) for item in items)
    rows = []
    for item in items:
        by_rank = ranks[item.pk]
        answered = sum(by_rank.values())
        top2 = by_rank.get(1, 0) + by_rank.get(2, 0)
        total = sum(rank * n for rank, n in by_rank.items())
        rows.append(
            RankingItem(
                key=item.key,
                text=item.text,
                position=item.position,
                answered=answered,
                first_or_second_percent=percent(top2, respondents),
                mean_rank=round(total / answered, 2) if answered else None,
                label=item.label,
            )
        )
    rows.sort(key=lambda i: (-i.first_or_second_percent, i.position))
    return rows


# Breakdowns -----------------------------------------------------------------------------


@dataclass
class Segment:
    key: str
    label: str
    respondents: int


@dataclass
class BreakdownRow:
    question: str
    item: str
    cells: list  # int percent or None when suppressed
    item_key: str = ""


@dataclass
class Breakdown:
    by: str
    segments: list[Segment]
    tables: list[tuple[QuestionResult, str, list[BreakdownRow]]]

    def as_json(self):
        return {
            "by": self.by,
            "suppression": suppression.METHOD,
            "segments": [
                {"key": s.key, "label": s.label, "respondents": s.respondents}
                for s in self.segments
            ],
            "tables": [
                {
                    "question": question.key,
                    "measure": label,
                    "rows": [
                        {"item": row.item_key, "text": row.item, "cells": row.cells} for row in rows
                    ],
                }
                for question, label, rows in self.tables
            ],
        }


def breakdown(survey, by: str, reported=None) -> Breakdown:
    """Positive share (matrix) and first-or-second share (ranking) per role or agency group.

    Suppressed cells are None ("suppressed"): fewer than 3 respondents or fewer than 3
    agencies, and their complements (assessments.suppression states the method), so no
    hidden figure nor the answers of a small set can be derived from what is shown, the
    statewide figures included. The group table also counts the role table's shown cells
    as published. `reported` is reported_questions(survey), when already read.
    """
    submitted = Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED)
    roles = [role for role, _label in Response.Role.choices]
    members = {}
    if by == "role":
        labels = list(Response.Role.choices)
        respondents = dict(submitted.values_list("role").annotate(n=Count("id")).order_by())
    else:
        labels = [(g.pk, g.name) for g in AgencyGroup.objects.all()]
        for group_id, agency_id in AgencyGroup.agencies.through.objects.values_list(
            "agencygroup_id", "agency_id"
        ):
            members.setdefault(group_id, set()).add(agency_id)
        respondents = dict(
            submitted.values_list("agency__assessment_groups").annotate(n=Count("id")).order_by()
        )
    segments = [Segment(str(k), label, respondents.get(k, 0)) for k, label in labels]
    questions = [
        q
        for q in (reported_questions(survey) if reported is None else reported)
        if q.kind in (Question.Kind.MATRIX, Question.Kind.RANKING)
    ]
    positive_options = []
    for question in questions:
        if question.kind == Question.Kind.MATRIX:
            options = list(question.scale.options.all())
            groups = _groups(options)
            positive_options += [o.pk for o in options if groups and o.group == groups[0]]
    # Per unit (agency, role): the cells and the suppression are built from these.
    rows = (
        AnswerTally.objects.filter(survey=survey, question__in=questions)
        .values_list("agency_id", "role", "question_id", "item_id")
        .annotate(
            answered=Sum("n"),
            positive=Coalesce(Sum("n", filter=Q(option_id__in=positive_options)), 0),
            top2=Coalesce(Sum("n", filter=Q(rank__lte=2)), 0),
            first=Coalesce(Sum("n", filter=Q(rank=1)), 0),
        )
        .order_by()
    )
    by_item = defaultdict(dict)  # item id -> {unit: (answered, positive, top2)}
    ranked = defaultdict(lambda: defaultdict(int))  # question id -> {unit: respondents}
    for agency_id, role, question_id, item_id, answered, positive, top2, first in rows:
        by_item[item_id][(agency_id, role)] = (answered, positive, top2)
        ranked[question_id][(agency_id, role)] += first

    def cells_for(counts):
        """The row's cells as sets of units, and which are suppressed."""
        role_cells = [frozenset(u for u in counts if u[1] == role) for role in roles]
        role_hidden = suppression.suppressed(counts, role_cells)
        if by == "role":
            return role_cells, role_hidden
        group_cells = [
            frozenset(u for u in counts if u[0] in members.get(int(s.key), ())) for s in segments
        ]
        hidden = suppression.suppressed(
            counts,
            group_cells,
            published=[c for i, c in enumerate(role_cells) if i not in role_hidden],
            hidden_elsewhere=[role_cells[i] for i in role_hidden],
        )
        return group_cells, hidden

    tables = []
    for question in questions:
        result_rows = []
        if question.kind == Question.Kind.MATRIX:
            for item in question.items.all():
                units = by_item[item.pk]
                counts = {u: v[0] for u, v in units.items() if v[0]}
                cells, hidden = cells_for(counts)
                row = [
                    None
                    if i in hidden
                    else percent(sum(units[u][1] for u in cell), sum(units[u][0] for u in cell))
                    for i, cell in enumerate(cells)
                ]
                result_rows.append(BreakdownRow(question.key, item.text, row, item.key))
            groups = _groups(list(question.scale.options.all()))
            label = f"% {groups[0]}" if groups else "positive share"
        else:
            # One decision per question: the ranking's columns add up to about 200%, so a
            # segment's column is shown or suppressed whole.
            counts = {u: n for u, n in ranked[question.pk].items() if n}
            cells, hidden = cells_for(counts)
            for item in question.items.all():
                units = by_item[item.pk]
                row = [
                    None
                    if i in hidden
                    else percent(
                        sum(units[u][2] for u in cell if u in units), sum(counts[u] for u in cell)
                    )
                    for i, cell in enumerate(cells)
                ]
                result_rows.append(BreakdownRow(question.key, item.text, row, item.key))
            label = "% ranked first or second"
        tables.append((question, label, result_rows))
    return Breakdown(by=by, segments=segments, tables=tables)


# Comparison across cycles -------------------------------------------------------------


@dataclass
class ComparisonRow:
    question: str
    item: str
    text: str
    measure: str
    earlier: int
    later: int
    label: str = ""  # the short label, for the chart

    @property
    def change(self) -> int:
        return self.later - self.earlier


@dataclass
class ComparedItem:
    """An item (or a likert statement) present in one cycle only."""

    question: str
    item: str
    text: str


def _comparable(results: SurveyResults) -> dict:
    """(question key, item key) -> (text, label, measure, value or None), in page order:
    the positive share of a matrix item or a likert statement, the first-or-second share
    of a ranked item. None: nobody answered it, or the report did not publish it."""
    out = {}
    for question in results.questions:
        group = question.positive_group
        if question.kind == Question.Kind.LIKERT:
            positive = sum(question.counts.get(k, 0) for k in question.positive_options)
            value = percent(positive, question.answered) if question.answered else None
            out[(question.key, "")] = (question.text, question.text, f"% {group}", value)
            continue
        for item in sorted(question.items, key=lambda i: i.position):
            counted = results.baseline or item.answered
            if question.kind == Question.Kind.MATRIX:
                value = item.percent.get(group) if counted else None
                measure = f"% {group}"
            else:
                value = item.first_or_second_percent if counted else None
                measure = "% ranked 1st or 2nd"
            out[(question.key, item.key)] = (item.text, item.label, measure, value)
    return out


def compare(later: SurveyResults, earlier: SurveyResults) -> list[ComparisonRow]:
    """Item by item where question and item keys match: percentage-point change."""
    before = _comparable(earlier)
    rows = []
    for key, (text, label, measure, value) in _comparable(later).items():
        old = before.get(key)
        if old is None or old[2] != measure or value is None or old[3] is None:
            continue
        rows.append(ComparisonRow(key[0], key[1], text, measure, old[3], value, label))
    return rows


def new_and_dropped(later: SurveyResults, earlier: SurveyResults):
    """Items asked in the later cycle only (new) and in the earlier one only (dropped)."""
    now, before = _comparable(later), _comparable(earlier)
    new = [ComparedItem(q, i, v[0]) for (q, i), v in now.items() if (q, i) not in before]
    dropped = [ComparedItem(q, i, v[0]) for (q, i), v in before.items() if (q, i) not in now]
    return new, dropped
