"""AI use cases' tasks for the home page: submissions waiting for the AI reviewers, and the
agency's use cases sent back for changes. Two small counts, not cached."""

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse

from ai_registry import permissions
from ai_registry.models import UseCase
from ai_registry.states import State
from hub.home_tasks import Task


def home_tasks(user) -> list[Task]:
    reviewer = permissions.can_review(user)
    owner = permissions.acts_for_agency(user)
    if not (reviewer or owner):
        return []
    nothing = Q(pk__in=[])
    submitted = Q(state=State.SUBMITTED) if reviewer else nothing
    returned = Q(state=State.CHANGES_REQUESTED, agency_id=user.agency_id) if owner else nothing
    counts = UseCase.objects.aggregate(
        submitted=Count("pk", filter=submitted), returned=Count("pk", filter=returned)
    )
    inventory = reverse("ai_registry:inventory")
    tasks = []
    if counts["submitted"]:
        n = counts["submitted"]
        tasks.append(
            Task(
                "AI use cases",
                "use case submitted for review" if n == 1 else "use cases submitted for review",
                inventory + "?" + urlencode({"state": State.SUBMITTED}),
                n,
            )
        )
    if counts["returned"]:
        n = counts["returned"]
        tasks.append(
            Task(
                "AI use cases",
                "use case sent back for changes" if n == 1 else "use cases sent back for changes",
                inventory
                + "?"
                + urlencode({"state": State.CHANGES_REQUESTED, "agency": user.agency_id}),
                n,
                "Your agency's: edit and submit again",
            )
        )
    return tasks
