"""Importing earlier responses from CSV: all-or-nothing, errors by line and column.

Columns: respondent (id or email; an email of a user of the hub links the response to that
user, so someone who also answered online is one respondent, not two), agency (code), role,
then one per single-choice,
likert or text question (its key), one per matrix item or ranked item (`question.item`).
Blank cells are unanswered. Re-importing the same file changes nothing.
"""

import csv
import io
import os
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts import roles
from accounts.models import Agency, User, UserManager
from assessments.aggregation import results_changed
from assessments.models import Answer, Question, Response, Survey
from assessments.services import profile_answers
from assessments.text_rules import MAX_TEXT_ANSWER, shown, text_problem
from config.csv_import import ErrorList, ImportRejected, read_rows

FIXED = ["respondent", "agency", "role"]
MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_REF_LENGTH = Response._meta.get_field("external_ref").max_length


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def parse_role(value: str) -> str | None:
    wanted = value.strip().lower()
    for choice, label in Response.Role.choices:
        if wanted in (choice, label.lower()):
            return choice
    group = roles.group_for(value)
    if group == roles.AGENCY_LEADERS or wanted in ("leader", "leadership", "agency leader"):
        return Response.Role.LEADERSHIP
    if group == roles.DATA_OFFICERS or wanted in ("data officer", "officer"):
        return Response.Role.DATA_OFFICER
    return None


def _columns(survey, header, errors):
    """Map each question column of the header to (question, item, options by key/label)."""
    questions = {
        q.key: q
        for q in Question.objects.filter(survey=survey)
        .select_related("scale")
        .prefetch_related("items", "scale__options")
    }
    columns = {}
    for name in header:
        if name in FIXED or not name:
            continue
        question_key, _dot, item_key = name.partition(".")
        question = questions.get(question_key)
        if question is None or question.profile_field:
            errors.append(f"line 1, column {shown(name)}: not a question of survey {survey.key}")
            continue
        item = None
        if question.kind in Question.WITH_ITEMS:
            item = next((i for i in question.items.all() if i.key == item_key), None)
            if item is None:
                errors.append(
                    f"line 1, column {shown(name)}: {question_key} has no item '{shown(item_key)}'"
                )
                continue
        elif item_key:
            errors.append(f"line 1, column {shown(name)}: {question_key} has no items")
            continue
        options = {}
        if question.scale_id:
            for option in question.scale.options.all():
                options[option.key.lower()] = option
                options.setdefault(option.label.lower(), option)
        columns[name] = (question, item, options)
    return columns


def read_text(source) -> str:
    """The file's text: at most MAX_IMPORT_BYTES of UTF-8 (or ImportRejected)."""
    limit = f"the file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB"
    if hasattr(source, "read"):
        raw = source.read(MAX_IMPORT_BYTES + 1)
    else:
        if os.path.getsize(source) > MAX_IMPORT_BYTES:
            raise ImportRejected([limit])
        with open(source, "rb") as handle:
            raw = handle.read(MAX_IMPORT_BYTES + 1)
    if len(raw) > MAX_IMPORT_BYTES:
        raise ImportRejected([limit])
    if isinstance(raw, str):
        return raw.removeprefix("\ufeff")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected(
            [f"the file is not UTF-8 text (byte {exc.start + 1}): save it as CSV UTF-8"]
        ) from exc


def import_responses(survey, source) -> ImportResult:
    """Validate every row, then write in one transaction (or raise ImportRejected)."""
    text = read_text(source)
    try:
        rows = list(read_rows(io.StringIO(text, newline=""), FIXED))
        header = [name.strip() for name in next(csv.reader(io.StringIO(text, newline="")), [])]
    except csv.Error as exc:
        raise ImportRejected([f"not a readable CSV file: {exc}"]) from exc
    problems: list[str] = []
    duplicated = sorted({name for name in header if name and header.count(name) > 1})
    if duplicated:
        problems.append(f"line 1: column(s) given twice: {shown(', '.join(duplicated))}")
    columns = _columns(survey, header, problems)
    if problems:
        raise ImportRejected(problems)
    agencies = {a.code: a for a in Agency.objects.all()}
    users = {
        u.email: u
        for u in User.objects.select_related("agency").filter(
            email__in=[UserManager.normalize_email(row["respondent"]) for _line, row in rows]
        )
    }
    errors = ErrorList()
    parsed = []
    seen = {}
    for line, row in rows:
        ref = row["respondent"]
        user = users.get(UserManager.normalize_email(ref))
        ref_problem = text_problem(ref, MAX_REF_LENGTH)
        if not ref:
            errors.add(line, "column respondent: required")
        elif ref_problem:
            errors.add(line, f"column respondent: {ref_problem}")
        elif ref.lower() in seen:
            errors.add(
                line, f"column respondent: '{shown(ref)}' is also on line {seen[ref.lower()]}"
            )
        else:
            seen[ref.lower()] = line
        agency = agencies.get(row["agency"].upper())
        if agency is None:
            errors.add(line, f"column agency: unknown agency code '{shown(row['agency'])}'")
        elif user is not None and user.agency_id != agency.pk:
            theirs = user.agency.code if user.agency else "no agency"
            errors.add(
                line, f"column agency: {shown(ref)} is a user of {theirs}, not {agency.code}"
            )
        role = parse_role(row["role"])
        if role is None:
            errors.add(line, f"column role: unknown role '{shown(row['role'])}'")
        answers = []
        ranks = {}
        for name, (question, item, options) in columns.items():
            value = row.get(name, "")
            if value == "":
                continue
            if question.kind == Question.Kind.TEXT:
                problem = text_problem(value, MAX_TEXT_ANSWER)
                if problem:
                    errors.add(line, f"column {name}: {problem}")
                    continue
                answers.append((question.pk, None, None, None, value))
            elif question.kind == Question.Kind.RANKING:
                try:
                    rank = int(value)
                except ValueError:
                    rank = 0
                if not 1 <= rank <= len(question.items.all()):
                    errors.add(
                        line,
                        f"column {name}: rank must be a whole number from 1 to "
                        f"{len(question.items.all())}, not '{shown(value)}'",
                    )
                    continue
                ranks.setdefault(question, []).append((name, rank))
                answers.append((question.pk, item.pk, None, rank, ""))
            else:
                option = options.get(value.lower())
                if option is None:
                    errors.add(
                        line,
                        f"column {name}: '{shown(value)}' is not an option "
                        f"of scale {question.scale.key}",
                    )
                    continue
                answers.append((question.pk, item and item.pk, option.pk, None, ""))
        for question, given in ranks.items():
            values = [rank for _name, rank in given]
            for name, rank in given:
                if values.count(rank) > 1:
                    errors.add(line, f"column {name}: rank {rank} is given more than once")
            if len(set(values)) == len(values) and sorted(values) != list(
                range(1, len(values) + 1)
            ):
                errors.add(
                    line,
                    f"column {given[0][0]}: ranks of {question.key} must run "
                    f"1 to {len(values)} without gaps",
                )
        parsed.append((ref, user, agency, role, answers))
    errors.raise_if_any()
    return write_responses(survey, parsed)


@transaction.atomic
def write_responses(survey, parsed) -> ImportResult:
    """Write (ref, user or None, agency, role, answers) rows; validated by the caller."""
    # Imports into one survey queue here (the second sees the first's rows once it commits);
    # NO KEY UPDATE leaves new responses (foreign-key share locks) free to go on.
    Survey.objects.select_for_update(no_key=True).get(pk=survey.pk)
    result = ImportResult()
    responses = Response.objects.select_for_update().filter(survey=survey)
    by_ref = {r.external_ref.lower(): r for r in responses.exclude(external_ref="")}
    linked = [user.pk for _ref, user, *_rest in parsed if user is not None]
    by_user = {r.respondent_id: r for r in responses.filter(respondent__in=linked)}
    existing = [*by_ref.values(), *by_user.values()]
    current = {}
    for response_id, *values in Answer.objects.filter(
        response__in=[r.pk for r in existing], question__profile_field=""
    ).values_list("response_id", "question_id", "item_id", "option_id", "rank", "text"):
        current.setdefault(response_id, set()).add(tuple(values))
    now = timezone.now()
    for ref, user, agency, role, answers in parsed:
        wanted = set(answers)
        # A user's own response (answered online, or imported before) is theirs to update.
        response = by_user.get(user.pk) if user else None
        imported = by_ref.get(ref.lower())
        if response and imported and response != imported:
            raise ImportRejected(
                [
                    f"{shown(ref)} has a response online and an imported one: delete one "
                    "in the admin, then import again (nothing was imported)"
                ]
            )
        response = response or imported
        if response is None:
            response = Response.objects.create(
                survey=survey,
                respondent=user,
                external_ref=ref,
                agency=agency,
                role=role,
                status=Response.Status.SUBMITTED,
                submitted_at=now,
            )
            result.created += 1
        else:
            same_answers = current.get(response.pk, set()) == wanted
            same_fields = (
                response.agency_id == agency.pk
                and response.role == role
                and response.is_locked
                and response.respondent_id == (user.pk if user else response.respondent_id)
                and response.external_ref.lower() == ref.lower()
            )
            if same_answers and same_fields:
                result.unchanged += 1
                continue
            response.respondent = user or response.respondent
            response.external_ref = ref
            response.agency, response.role = agency, role
            response.status = Response.Status.SUBMITTED
            response.submitted_at = response.submitted_at or now
            response.save()
            response.answers.all().delete()
            result.updated += 1
        Answer.objects.bulk_create(
            [
                Answer(response=response, question_id=q, item_id=i, option_id=o, rank=r, text=t)
                for q, i, o, r, t in answers
            ]
            + profile_answers(response)
        )
    if result.created or result.updated:
        results_changed()
    return result
