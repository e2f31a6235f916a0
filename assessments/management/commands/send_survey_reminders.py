from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.dateparse import parse_date

from assessments.models import Survey
from assessments.services import due_step, send_scheduled_reminders
from config.mail import MailServerDown


class Command(BaseCommand):
    help = (
        "Email the due step of each open survey's reminder schedule to the agencies that have "
        "not submitted (leaders, else data officers). Safe to run many times a day: a step "
        "goes to a person once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url", default="", help="site address for links, e.g. https://datahub.ct.gov"
        )
        parser.add_argument("--today", default="", help="YYYY-MM-DD (default: today)")

    def handle(self, *args, base_url, today, **options):
        day = parse_date(today) if today else timezone.localdate()
        total = 0
        for survey in Survey.objects.exclude(closes=None).exclude(reminder_days=""):
            step = due_step(survey, day)
            if step is None:
                continue
            try:
                sent = send_scheduled_reminders(survey, day, base_url.rstrip("/"))
            except MailServerDown as error:
                self.stderr.write(
                    f"{survey.key}: the mail server failed ({error.sent} sent); run again later."
                )
                continue
            total += sent
            self.stdout.write(f"{survey.key}: {sent} reminder(s) for {step} days before closing.")
        self.stdout.write(f"{total} reminder(s) sent.")
