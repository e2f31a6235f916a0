"""Cron job: expire lapsed agreements, remind about waiting reviews and coming expiries.

Each reminder is recorded in ReminderSent (unique per request, kind and date), so running
the job twice a day sends nothing twice.
"""

import datetime

from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.utils import timezone

from sharing import notifications, selectors, workflow
from sharing.models import ReminderSent, SharingRequest, State

EXPIRY_WINDOWS = [30, 90]  # most urgent first: one email per window per expiry date


def _record_once(sr, kind: str, key: str) -> bool:
    """True if this reminder had not been sent before (and is now recorded)."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(request=sr, kind=kind, key=key)
    except IntegrityError:
        return False
    return True


class Command(BaseCommand):
    help = "Email reminders about reviews waiting too long and agreements expiring soon."

    def add_arguments(self, parser):
        parser.add_argument(
            "--review-days", type=int, default=7, help="Remind when a review waits this long."
        )
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args, review_days, today, **options):
        today = today or timezone.localdate()
        expired = workflow.expire_due(today)
        cutoff = timezone.make_aware(
            datetime.datetime.combine(today - datetime.timedelta(days=review_days), datetime.time())
        )
        waiting = SharingRequest.objects.filter(
            state__in=[State.SUBMITTED, State.IN_REVIEW], submitted_at__lt=cutoff
        ).select_related("requesting_agency", "providing_agency")
        reviews = 0
        for sr in waiting:
            if _record_once(sr, "review_waiting", sr.submitted_at.date().isoformat()):
                notifications.review_waiting(sr, review_days)
                reviews += 1
        expiring = 0
        for days in EXPIRY_WINDOWS:
            for sr in selectors.expiring_between(today, today + datetime.timedelta(days=days)):
                kind = f"expiry_{days}"
                already = ReminderSent.objects.filter(
                    request=sr, kind__startswith="expiry_", key=sr.expiry_date.isoformat()
                ).exclude(kind=kind)
                # An agreement first seen inside 30 days gets the 30-day email only.
                if days == 90 and already.exists():
                    continue
                if _record_once(sr, kind, sr.expiry_date.isoformat()):
                    notifications.agreement_expiring(sr, days)
                    expiring += 1
        self.stdout.write(
            f"Expired {expired} agreement(s); sent {reviews} review reminder(s) and "
            f"{expiring} expiry reminder(s)."
        )
