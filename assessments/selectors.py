"""Reads: the questionnaire's structure, a response's progress, the statewide results,
curator views of answers."""

from collections import OrderedDict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from accounts.models import Agency
from assessments import aggregation
from assessments.models import (
    Answer,
    Question,
    ReportNarrative,
    Response,
    Section,
    SentReminder,
    Survey,
)
from config import cache_versions
from hub.formula_guard import safe_cell


def get_survey(key) -> Survey:
    return get_object_or_404(Survey, key=key)


def survey_results(survey, results_version: int) -> aggregation.SurveyResults:
    """results_for_survey(survey), kept under the results version the view read before it
    (config.cache_versions): numbers and question texts only, never a text answer, and the
    same for every signed-in user."""
    return cache.get_or_set(
        # v2: SurveyResults gained fields in issue 18; results cached by older code are
        # not read back into the new classes.
        f"survey-results-v2:{survey.pk}:{results_version}",
        lambda: aggregation.results_for_survey(survey),
        cache_versions.CACHE_SECONDS,
    )


def current_results(survey):
    """The survey's results and the version they are kept under (read first, see
    config.cache_versions): the key of the page fragments that show them."""
    version = cache_versions.version(cache_versions.SURVEY_RESULTS)
    return survey_results(survey, version), version


def sections_with_questions(survey) -> list[Section]:
    questions = Question.objects.select_related("scale").prefetch_related("scale__options", "items")
    return list(
        Section.objects.filter(survey=survey)
        .order_by("position")
        .prefetch_related(Prefetch("questions", queryset=questions.order_by("position")))
    )


def fields_in(question) -> int:
    """How many answers a question takes (items of a matrix, one otherwise; ranks optional)."""
    if question.profile_field:
        return 0
    if question.kind == Question.Kind.MATRIX:
        return len(question.items.all())
    return 1


def progress(response, sections) -> list[dict]:
    """Per section: answers given and expected (a ranking counts once when started)."""
    given = dict(
        Answer.objects.filter(response=response, question__profile_field="")
        .values_list("question__section_id")
        .annotate(
            n=Count("question_id", distinct=True, filter=Q(question__kind="ranking"))
            + Count("id", filter=~Q(question__kind="ranking"))
        )
        .order_by()
    )
    rows = []
    for section in sections:
        expected = sum(fields_in(q) for q in section.questions.all())
        rows.append(
            {
                "section": section,
                "given": min(given.get(section.pk, 0), expected),
                "expected": expected,
            }
        )
    return rows


@dataclass
class Unanswered:
    question: Question
    section: Section
    given: int  # rows answered, for a matrix answered in part
    expected: int

    @property
    def anchor(self) -> str:
        return question_anchor(self.question)


@dataclass
class Completion:
    answered: int
    total: int
    missing_required: list[Unanswered] = field(default_factory=list)
    missing_optional: list[Unanswered] = field(default_factory=list)

    @property
    def can_submit(self) -> bool:
        return not self.missing_required


def question_anchor(question) -> str:
    """The id of a question on its section's page (forms.SectionForm sets it)."""
    return f"question-{question.key}"


def is_answered(question, given: int) -> bool:
    """Every row of a matrix; at least one rank of a ranking; one answer otherwise."""
    if question.kind == Question.Kind.MATRIX:
        return given >= len(question.items.all())
    return given > 0


def completion(response, sections) -> Completion:
    """Which asked questions the response answers (the profile's are not asked)."""
    given = dict(
        Answer.objects.filter(response=response)
        .values_list("question_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    result = Completion(answered=0, total=0)
    for section in sections:
        for question in section.questions.all():
            if question.profile_field:
                continue
            result.total += 1
            n = given.get(question.pk, 0)
            if is_answered(question, n):
                result.answered += 1
                continue
            missing = Unanswered(question, section, n, fields_in(question))
            if question.required:
                result.missing_required.append(missing)
            else:
                result.missing_optional.append(missing)
    return result


AGENCY_SORTS = {
    "agency": lambda row: row["agency"].code,
    "status": lambda row: (row["status_order"], row["agency"].code),
    "completion": lambda row: (row["answered"], row["agency"].code),
    "saved": lambda row: (row["saved"].isoformat() if row["saved"] else "", row["agency"].code),
}


def agency_progress(survey, sort: str = "agency") -> list[dict]:
    """Every active agency: its status (not started, draft, submitted), how many of the
    asked questions its response answers, and when it was last saved. An agency with
    several responses is shown by its submitted one, else its latest draft."""
    questions = list(
        Question.objects.filter(survey=survey, profile_field="").prefetch_related("items")
    )
    shown = {
        r.agency_id: r
        for r in Response.objects.filter(survey=survey)
        .order_by("agency_id", "-status", "-updated")  # "submitted" > "draft": first
        .distinct("agency_id")
    }
    given = {}
    for response_id, question_id, n in (
        Answer.objects.filter(response__in=list(shown.values()), question__profile_field="")
        .values_list("response_id", "question_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        given[(response_id, question_id)] = n
    rows = []
    for agency in Agency.objects.filter(active=True).order_by("code"):
        response = shown.get(agency.pk)
        answered = (
            sum(1 for q in questions if is_answered(q, given.get((response.pk, q.pk), 0)))
            if response
            else 0
        )
        if response is None:
            status, order = "Not started", 0
        elif response.status == Response.Status.SUBMITTED:
            status, order = "Submitted", 2
        else:
            status, order = "Draft", 1
        rows.append(
            {
                "agency": agency,
                "response": response,
                "status": status,
                "status_order": order,
                "answered": answered,
                "total": len(questions),
                "saved": response.updated if response else None,
            }
        )
    rows.sort(key=AGENCY_SORTS.get(sort, AGENCY_SORTS["agency"]))
    return rows


def review_rows(response, sections):
    """The response's answers as (section, [(question text, [lines])]) for the review page."""
    answers = {}
    for answer in Answer.objects.filter(response=response).select_related("option", "item"):
        answers.setdefault(answer.question_id, []).append(answer)
    result = []
    for section in sections:
        rows = []
        for question in section.questions.all():
            given = answers.get(question.pk, [])
            if question.kind == Question.Kind.MATRIX:
                chosen = {a.item_id: a.option.label for a in given}
                lines = [
                    f"{i.text}: {chosen.get(i.pk, 'not answered')}" for i in question.items.all()
                ]
            elif question.kind == Question.Kind.RANKING:
                ranked = sorted((a for a in given), key=lambda a: a.rank)
                lines = [f"{a.rank}. {a.item.text}" for a in ranked] or ["not answered"]
            elif question.kind == Question.Kind.TEXT:
                lines = [given[0].text] if given else ["not answered"]
            else:
                lines = [given[0].option.label] if given else ["not answered"]
            rows.append({"question": question, "lines": lines})
        result.append({"section": section, "rows": rows})
    return result


def agency_status(survey):
    """Every active agency with its submitted and draft response counts."""
    return (
        Agency.objects.filter(active=True)
        .annotate(
            submitted=Count(
                "assessment_responses",
                filter=Q(
                    assessment_responses__survey=survey, assessment_responses__status="submitted"
                ),
            ),
            drafts=Count(
                "assessment_responses",
                filter=Q(assessment_responses__survey=survey, assessment_responses__status="draft"),
            ),
        )
        .order_by("code")
    )


def agency_beside_state(survey, agency, results) -> list[dict]:
    """The agency's submitted answers item by item beside the statewide figure: a matrix
    item's positive share, a likert statement's answers, a ranked item's first-or-second
    share. Only this agency's answers are read."""
    mine = {}
    for question_id, item_id, label, rank in (
        Answer.objects.filter(
            response__survey=survey, response__agency=agency, response__status="submitted"
        )
        .order_by("response_id", "id")
        .values_list("question_id", "item_id", "option__label", "rank")
    ):
        mine.setdefault((question_id, item_id), []).append(label or f"ranked {rank}")
    blocks = []
    for question in aggregation.reported_questions(survey):
        state = results.question(question.key)
        rows = []
        if question.kind == Question.Kind.LIKERT:
            positive = sum(state.counts.get(k, 0) for k in state.positive_options)
            share = aggregation.percent(positive, state.answered) if state.answered else None
            rows.append(
                {"text": question.text, "mine": mine.get((question.pk, None), []), "state": share}
            )
        else:
            by_key = {i.key: i for i in state.items}
            for item in question.items.all():
                figure = by_key.get(item.key)
                if question.kind == Question.Kind.MATRIX:
                    value = figure.percent.get(state.positive_group) if figure else None
                else:
                    value = figure.first_or_second_percent if figure else None
                rows.append(
                    {
                        "text": item.text,
                        "mine": mine.get((question.pk, item.pk), []),
                        "state": value,
                    }
                )
        measure = (
            "% ranked 1st or 2nd statewide"
            if question.kind == Question.Kind.RANKING
            else f"% {state.positive_group.lower()} statewide"
        )
        blocks.append({"question": question, "measure": measure, "rows": rows})
    return blocks


def survey_with_narrative(key) -> Survey:
    """The survey and its report narrative in one query (survey.narrative may be missing)."""
    return get_object_or_404(Survey.objects.select_related("narrative"), key=key)


def report_narrative(survey):
    """The curators' written parts of the leadership report (read with the survey by
    survey_with_narrative), or None."""
    try:
        return survey.narrative
    except ReportNarrative.DoesNotExist:
        return None


def sent_reminders(survey):
    """Every reminder sent about the survey, newest first (who, agency, when, which step)."""
    return SentReminder.objects.filter(survey=survey).select_related("recipient", "agency")


def responses_for(survey, user):
    return (
        Response.objects.visible_to(user)
        .filter(survey=survey)
        .select_related("agency", "respondent")
        .order_by("agency__code", "id")
    )


def text_answers(survey):
    return (
        Answer.objects.filter(
            question__survey=survey, question__kind=Question.Kind.TEXT, response__status="submitted"
        )
        .select_related("question", "response__agency")
        .order_by(
            "question__section__position", "question__position", "response__agency__code", "id"
        )
    )


def raw_values(survey):
    """Header and one row per response (every status), in the import file's columns, with
    typed values (submitted_at a datetime, ranks numbers) for the Excel export."""
    columns = OrderedDict()
    for question in (
        Question.objects.filter(survey=survey, profile_field="")
        .prefetch_related("items")
        .order_by("section__position", "position")
    ):
        if question.kind in Question.WITH_ITEMS:
            for item in question.items.all():
                columns[(question.pk, item.pk)] = f"{question.key}.{item.key}"
        else:
            columns[(question.pk, None)] = question.key
    responses = OrderedDict(
        (r.pk, r)
        for r in Response.objects.filter(survey=survey)
        .select_related("agency", "respondent")
        .order_by("id")
    )
    cells = {pk: {} for pk in responses}
    for response_id, question_id, item_id, option_key, rank, text in Answer.objects.filter(
        response__survey=survey
    ).values_list("response_id", "question_id", "item_id", "option__key", "rank", "text"):
        value = option_key if option_key is not None else (rank if rank is not None else text)
        cells[response_id][(question_id, item_id)] = value
    header = ["respondent", "agency", "role", "status", "submitted_at", *columns.values()]
    rows = []
    for pk, response in responses.items():
        who = response.respondent.email if response.respondent_id else response.external_ref
        row = [who, response.agency.code, response.role, response.status, response.submitted_at]
        row += [cells[pk].get(column, "") for column in columns]
        rows.append(row)
    return header, rows


def raw_table(survey):
    """Header and one row per response (every status), in the import file's columns, as
    CSV text (formula injection neutralised)."""
    header, rows = raw_values(survey)
    return header, [
        [safe_cell(cell.isoformat() if hasattr(cell, "isoformat") else cell) for cell in row]
        for row in rows
    ]
