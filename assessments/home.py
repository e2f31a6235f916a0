"""The needs assessment's tasks for the home page."""

from django.urls import reverse
from django.utils import timezone

from assessments import permissions
from assessments.models import Response, Survey
from hub.home_tasks import Task


def home_tasks(user) -> list[Task]:
    """Open surveys the user may answer and has not submitted."""
    if not permissions.can_respond(user):
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
            )
        )
    return tasks
