"""Writes with rules: starting, saving and submitting a response, reminders, copies."""

import re

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from accounts.models import User
from assessments import selectors
from assessments.aggregation import results_changed
from assessments.loader import choice_key
from assessments.models import (
    Answer,
    Item,
    Option,
    Question,
    Response,
    Scale,
    Section,
    SentReminder,
    Survey,
)
from assessments.permissions import respondent_role
from config.mail import MailServerDown, send_each


class ResponseLocked(Exception):
    """The response was submitted; a curator must reopen it before it changes."""


class RequiredAnswersMissing(Exception):
    """Required questions are unanswered; the response stays a draft."""

    def __init__(self, missing):
        self.missing = missing
        super().__init__(f"{len(missing)} required question(s) unanswered")


def profile_answers(response) -> list[Answer]:
    """Answers to the questions filled from the profile (agency, role)."""
    role_label = Response.Role(response.role).label.lower()
    answers = []
    for question in Question.objects.filter(survey_id=response.survey_id).exclude(profile_field=""):
        options = {o.key: o for o in question.scale.options.all()}
        if question.profile_field == "agency":
            option = options.get(choice_key(response.agency.code)) or options.get("other")
        else:
            option = next((o for o in options.values() if o.label.lower() == role_label), None)
        if option:
            answers.append(Answer(response=response, question=question, option=option))
    return answers


def start_response(user, survey) -> Response:
    """The user's response to the survey, created as a draft on first visit.

    One transaction: a response never exists without its profile answers, and two first
    visits at once (two tabs) meet at the unique constraint, so only one creates them.
    """
    with transaction.atomic():
        response, created = Response.objects.get_or_create(
            survey=survey,
            respondent=user,
            defaults={"agency_id": user.agency_id, "role": respondent_role(user)},
        )
        if created:
            Answer.objects.bulk_create(profile_answers(response))
    return response


def save_section(response, section, answers: list[Answer]) -> None:
    """Replace the answers to one section's questions (a draft save: the results, which
    count submitted responses only, do not change)."""
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if locked.is_locked:
            raise ResponseLocked
        Answer.objects.filter(
            response=locked, question__section=section, question__profile_field=""
        ).delete()
        Answer.objects.bulk_create(answers)
        locked.last_section = section.key
        locked.save(update_fields=["last_section", "updated"])


def submit_response(response) -> bool:
    """Lock the response; a second submission (double click, second tab) changes nothing.

    Raises RequiredAnswersMissing while a required question is unanswered (checked under
    the row lock, so a save racing the submission cannot slip past it).
    """
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if locked.is_locked:
            return False
        done = selectors.completion(locked, selectors.sections_with_questions(locked.survey))
        if done.missing_required:
            raise RequiredAnswersMissing(done.missing_required)
        locked.status = Response.Status.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["status", "submitted_at", "updated"])
        results_changed()
    return True


def reopen_response(response) -> bool:
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if not locked.is_locked:
            return False
        locked.status = Response.Status.DRAFT
        locked.submitted_at = None
        locked.save(update_fields=["status", "submitted_at", "updated"])
        results_changed()
    return True


def reminder_recipients(survey, agencies=None) -> list[User]:
    """Who is reminded: the active leaders of each agency without a submitted response or,
    for an agency with no active leader account, its data officers."""
    submitted = Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED)
    people = (
        User.objects.filter(
            is_active=True,
            agency__active=True,
            groups__name__in=[roles.AGENCY_LEADERS, roles.DATA_OFFICERS],
        )
        .exclude(agency__in=submitted.values("agency"))
        .annotate(leader=Count("pk", filter=Q(groups__name=roles.AGENCY_LEADERS)))
        .select_related("agency")
        .order_by("email")
    )
    if agencies is not None:
        people = people.filter(agency__in=agencies)
    people = list(people)
    led = {p.agency_id for p in people if p.leader}
    return [p for p in people if p.leader or p.agency_id not in led]


def _reminder(survey, user, base_url: str) -> EmailMessage:
    link = base_url + reverse("assessments:respond", args=[survey.key])
    closes = (
        f" by {survey.closes:%B} {survey.closes.day}, {survey.closes.year}" if survey.closes else ""
    )
    return EmailMessage(
        f"Reminder: {survey.title}",
        f"Hello {user.get_full_name() or user.email},\n\n"
        f"Your agency has not yet submitted the {survey.title} ({survey.cycle}).\n"
        f"Please answer{closes}: {link}\n\nOffice of Policy and Management",
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )


def send_reminders(survey, agencies, base_url: str) -> int:
    """A curator's reminders: email the leaders (else the data officers) of the agencies
    that have not submitted, and record each one sent; returns emails sent.

    One message per person, so that a mail server failure (MailServerDown) counts exactly
    the reminders that did not go out; those sent are recorded even then.
    """
    recipients = reminder_recipients(survey, agencies)
    sent = 0
    try:
        sent = send_each(_reminder(survey, user, base_url) for user in recipients)
    except MailServerDown as error:
        sent = error.sent  # send_each goes in order and stops at the first failure
        raise
    finally:
        SentReminder.objects.bulk_create(
            SentReminder(survey=survey, recipient=u, agency_id=u.agency_id)
            for u in recipients[:sent]
        )
    return sent


def due_step(survey, today) -> int | None:
    """The schedule's step due today: the smallest number of days before closing that
    today has reached (a missed earlier step is not sent late), or None."""
    if not survey.closes or not survey.reminder_steps or not survey.is_open(today):
        return None
    left = (survey.closes - today).days
    reached = [step for step in survey.reminder_steps if left <= step]
    return min(reached) if reached else None


def send_scheduled_reminders(survey, today, base_url: str) -> int:
    """Send the due step of the survey's schedule to whoever has not had it yet.

    Each reminder is recorded in the transaction that sends it, so a second run (or two at
    once: the second waits on the unique index, then finds the row) never sends a step
    twice; a mail server failure rolls back the record of the message it failed on.
    """
    step = due_step(survey, today)
    if step is None:
        return 0
    sent = 0
    for user in reminder_recipients(survey):
        with transaction.atomic():
            _record, created = SentReminder.objects.get_or_create(
                survey=survey, recipient=user, step=step, defaults={"agency_id": user.agency_id}
            )
            if created:
                sent += send_each([_reminder(survey, user, base_url)])
    return sent


def next_cycle(cycle: str) -> str:
    return str(int(cycle) + 1) if cycle.isdigit() else f"{cycle}-next"


@transaction.atomic
def copy_survey(survey, key: str | None = None, cycle: str | None = None) -> Survey:
    """A copy of the questionnaire (no responses) for a new plan cycle."""
    cycle = cycle or next_cycle(survey.cycle)
    if key is None:
        base = (
            survey.key.replace(survey.cycle, cycle)
            if survey.cycle in survey.key
            else f"{survey.key}-{cycle}"
        )
        key, n = base, 2
        while Survey.objects.filter(key=key).exists():
            key, n = f"{base}-{n}", n + 1
    copy = Survey.objects.create(key=key, title=survey.title, cycle=cycle)
    scales = {}
    for scale in survey.scales.prefetch_related("options"):
        scales[scale.pk] = Scale.objects.create(survey=copy, key=scale.key)
        Option.objects.bulk_create(
            Option(
                scale=scales[scale.pk], key=o.key, label=o.label, group=o.group, position=o.position
            )
            for o in scale.options.all()
        )
    for section in survey.sections.prefetch_related("questions__items"):
        new_section = Section.objects.create(
            survey=copy, key=section.key, title=section.title, position=section.position
        )
        for question in section.questions.all():
            new_question = Question.objects.create(
                survey=copy,
                section=new_section,
                key=question.key,
                kind=question.kind,
                text=question.text,
                scale=scales.get(question.scale_id),
                position=question.position,
                profile_field=question.profile_field,
                required=question.required,
            )
            Item.objects.bulk_create(
                Item(
                    question=new_question,
                    key=i.key,
                    text=i.text,
                    short_label=i.short_label,
                    position=i.position,
                    hub_tags=i.hub_tags,
                )
                for i in question.items.all()
            )
    results_changed()
    return copy


def safe_filename(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text)
