"""Reminders to data officers of the entries due for the annual review (by 31 December):
one email per officer per month (ReviewReminder), recorded in the transaction that sends
it, so running the job again the same month sends nothing and a refused send is retried."""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from accounts.models import User
from config.mail import send_each
from inventory.models import Dataset, DatasetStatus, ReviewReminder
from inventory.selectors import year_start


def send_review_reminders(today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    period = today.strftime("%Y-%m")
    due = dict(
        Dataset.objects.filter(status=DatasetStatus.ACTIVE)
        .filter(Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=year_start(today)))
        .values_list("agency_id")
        .annotate(n=Count("id"))
    )
    officers = (
        User.objects.filter(
            is_active=True, groups__name=roles.DATA_OFFICERS, agency_id__in=list(due)
        )
        .exclude(pk__in=ReviewReminder.objects.filter(period=period).values("user_id"))
        .order_by("pk")
    )
    sent = 0
    for officer in officers:
        count = due[officer.agency_id]
        body = render_to_string(
            "inventory/email/review_reminder.txt",
            {
                "officer": officer,
                "count": count,
                "deadline": datetime.date(today.year, 12, 31),
                "url": settings.SITE_URL
                + reverse("inventory:list")
                + f"?agency={officer.agency_id}&review=due",
            },
        )
        message = EmailMessage(
            f"State Data Hub: {count} inventory entr{'ies' if count != 1 else 'y'} to review "
            "by 31 December",
            body,
            settings.DEFAULT_FROM_EMAIL,
            [officer.email],
        )
        with transaction.atomic():  # recorded only if the email went out
            ReviewReminder.objects.create(user=officer, period=period, due_count=count)
            sent += send_each([message])
    return sent
