from django.core.management.base import BaseCommand, CommandError

from config.mail import MailServerDown
from hub.review_reminders import send_review_reminders


class Command(BaseCommand):
    help = "Email resource owners the resources due for review (weekly; each once per date)."

    def handle(self, *args, **options):
        try:
            sent = send_review_reminders()
        except MailServerDown as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{sent} review reminder(s) sent.")
