"""Weekly reminders to resource owners: their resources whose review-by date is past or
within REVIEW_NOTICE_DAYS, in one email per owner. Each resource is reminded once per
review-by date (ReviewReminder), recorded in the transaction that sends the owner's email,
so a run the mail server refused is sent again by the next one."""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from config.mail import send_each
from hub.catalog_models import Resource, ReviewReminder, Status

REVIEW_NOTICE_DAYS = 14


def due_for_reminder(today: datetime.date):
    """Resources not archived, with an active owner, due for review by today plus the
    notice, and not yet reminded for their current review-by date."""
    reminded = ReviewReminder.objects.filter(
        resource=OuterRef("pk"), review_by=OuterRef("review_by")
    )
    return (
        Resource.objects.exclude(status=Status.ARCHIVED)
        .filter(
            owner__is_active=True,
            review_by__lte=today + datetime.timedelta(days=REVIEW_NOTICE_DAYS),
        )
        .exclude(Exists(reminded))
        .select_related("owner")
        .order_by("owner_id", "review_by", "title")
    )


def send_review_reminders(today: datetime.date | None = None) -> int:
    """Send each owner one email about their resources due for review; returns emails sent."""
    today = today or timezone.localdate()
    by_owner: dict[int, list[Resource]] = {}
    for resource in due_for_reminder(today):
        by_owner.setdefault(resource.owner_id, []).append(resource)
    sent = 0
    for resources in by_owner.values():
        owner = resources[0].owner
        body = render_to_string(
            "hub/email/review_reminder.txt",
            {
                "owner": owner,
                "resources": resources,
                "today": today,
                "site_url": settings.SITE_URL,
                "curation_path": reverse("hub:curation"),
            },
        )
        count = len(resources)
        message = EmailMessage(
            f"State Data Hub: {count} resource{'s' if count != 1 else ''} to review",
            body,
            settings.DEFAULT_FROM_EMAIL,
            [owner.email],
        )
        with transaction.atomic():  # recorded only if the email went out
            ReviewReminder.objects.bulk_create(
                [ReviewReminder(resource=r, review_by=r.review_by, owner=owner) for r in resources]
            )
            sent += send_each([message])
    return sent
