"""Cron job: expire lapsed agreements, remind about waiting reviews and coming expiries.

Each reminder is recorded in ReminderSent (unique per request, kind and date), so running
the job twice a day sends nothing twice. A reminder is recorded in the transaction that
sends it, so one the mail server did not take (down, or failing part-way) is not recorded:
the job says how many, exits non-zero, and the next run sends them.
"""

import datetime
import logging
from functools import partial

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.utils import timezone

from config.mail import MailServerDown
from sharing import notifications, selectors, workflow
from sharing.models import ReminderSent, SharingRequest, State

logger = logging.getLogger(__name__)

EXPIRY_WINDOWS = [30, 90]  # most urgent first: one email per window per expiry date


class Reminders:
    """One run's reminders: each sent at most once; after a mail server failure the rest are
    counted as not sent rather than tried (each attempt would wait for the timeout)."""

    def __init__(self):
        self.sent = {"review": 0, "expiry": 0}
        self.not_sent = 0

    def send(self, sr, kind: str, key: str, notify, counted_as: str) -> None:
        if ReminderSent.objects.filter(request=sr, kind=kind, key=key).exists():
            return
        if self.not_sent:
            self.not_sent += 1
            return
        try:
            with transaction.atomic():  # the record is kept only if the emails went out
                ReminderSent.objects.create(request=sr, kind=kind, key=key)
                notify()
        except IntegrityError:
            return  # another run recorded it meanwhile
        except MailServerDown:
            logger.exception("Reminder %s for sharing request %s not sent", kind, sr.pk)
            self.not_sent += 1
            return
        self.sent[counted_as] += 1


class Command(BaseCommand):
    help = "Email reminders about reviews waiting too long and agreements expiring soon."

    def add_arguments(self, parser):
        parser.add_argument(
            "--review-days",
            type=int,
            default=7,
            help="Remind when a review waits this long (an assigned one: its assignee first, "
            "everyone after twice as long).",
        )
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args, review_days, today, **options):
        today = today or timezone.localdate()
        expired = workflow.expire_due(today)
        cutoff = timezone.make_aware(
            datetime.datetime.combine(today - datetime.timedelta(days=review_days), datetime.time())
        )
        # An assigned review reminds its assignee first; after twice as long, everyone.
        escalate = cutoff - datetime.timedelta(days=review_days)
        waiting = SharingRequest.objects.filter(
            state__in=[State.SUBMITTED, State.IN_REVIEW], submitted_at__lt=cutoff
        ).select_related("requesting_agency", "providing_agency", "assignee")
        reminders = Reminders()
        for sr in waiting:
            if sr.assignee_id and sr.submitted_at >= escalate:
                reminders.send(
                    sr,
                    "review_assignee",
                    sr.submitted_at.date().isoformat(),
                    partial(notifications.review_waiting_assignee, sr, review_days),
                    "review",
                )
                continue
            reminders.send(
                sr,
                "review_waiting",
                sr.submitted_at.date().isoformat(),
                partial(notifications.review_waiting, sr, review_days),
                "review",
            )
        seen = set()  # an agreement inside 30 days is inside 90 days too
        for days in EXPIRY_WINDOWS:
            for sr in selectors.expiring_between(today, today + datetime.timedelta(days=days)):
                kind = f"expiry_{days}"
                already = ReminderSent.objects.filter(
                    request=sr, kind__startswith="expiry_", key=sr.expiry_date.isoformat()
                ).exclude(kind=kind)
                # An agreement first seen inside 30 days gets the 30-day email only.
                if days == 90 and (sr.pk in seen or already.exists()):
                    continue
                seen.add(sr.pk)
                reminders.send(
                    sr,
                    kind,
                    sr.expiry_date.isoformat(),
                    partial(notifications.agreement_expiring, sr, days),
                    "expiry",
                )
        self.stdout.write(
            f"Expired {expired} agreement(s); sent {reminders.sent['review']} review "
            f"reminder(s) and {reminders.sent['expiry']} expiry reminder(s)."
        )
        if reminders.not_sent:
            raise CommandError(
                f"The mail server could not be reached: {reminders.not_sent} reminder(s) were "
                "not sent. They are not recorded, so the next run sends them."
            )
