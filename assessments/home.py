"""The needs assessment's tasks for the home page."""

from django.urls import reverse
from django.utils import timezone

from assessments import needs, permissions, selectors
from assessments.models import Response, Survey
from config import cache_versions
from hub.home_tasks import Task
from hub.templatetags.dates import long_date


def curator_tasks(user) -> list[Task]:
    """For a curator, of the latest survey: agencies yet to respond (while it is open), and
    training needs with no published resource (gaps), from the cached statewide results.
    Read from submissions, the survey and the catalog (kept per version: apps.py)."""
    if not permissions.is_curator(user):
        return []
    today = timezone.localdate()
    survey = Survey.objects.order_by("-cycle", "key").first()
    if survey is None:
        return []
    tasks = []
    if survey.is_open(today):
        waiting = sum(1 for a in selectors.agency_status(survey) if not a.submitted)
        if waiting:
            text = "agency has" if waiting == 1 else "agencies have"
            detail = f"Closes {long_date(survey.closes)}" if survey.closes else ""
            tasks.append(
                Task(
                    "Needs assessment",
                    f"{text} not answered the {survey.cycle} survey yet",
                    reverse("assessments:responses", args=[survey.key]),
                    waiting,
                    detail,
                )
            )
    version = cache_versions.version(cache_versions.SURVEY_RESULTS)
    gaps = needs.training_needs(selectors.survey_results(survey, version)).gaps
    if gaps:
        text = "training need has" if len(gaps) == 1 else "training needs have"
        tasks.append(
            Task(
                "Needs assessment",
                f"{text} no published resource",
                reverse("assessments:results", args=[survey.key]) + "#gaps",
                len(gaps),
                f"From the {survey.cycle} results",
            )
        )
    return tasks


def respondent_tasks(user) -> list[Task]:
    """Open surveys the user may answer and has not submitted, with their deadline. Asked on
    every visit: a draft saved renews no version."""
    if permissions.is_curator(user) or not permissions.can_respond(user):
        return []
    today = timezone.localdate()
    open_surveys = [s for s in Survey.objects.order_by("-cycle", "key") if s.is_open(today)]
    if not open_surveys:
        return []
    status = dict(
        Response.objects.filter(respondent=user, survey__in=open_surveys).values_list(
            "survey_id", "status"
        )
    )
    tasks = []
    for survey in open_surveys:
        state = status.get(survey.pk)
        if state == Response.Status.SUBMITTED:
            continue
        verb = "Finish" if state == Response.Status.DRAFT else "Answer"
        tasks.append(
            Task(
                "Needs assessment",
                f"{verb} the {survey.title} ({survey.cycle})",
                reverse("assessments:respond", args=[survey.key]),
                detail=f"Closes {long_date(survey.closes)}" if survey.closes else "",
            )
        )
    return tasks
