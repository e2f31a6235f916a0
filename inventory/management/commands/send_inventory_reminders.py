from django.core.management.base import BaseCommand, CommandError

from config.mail import MailServerDown
from inventory.review_reminders import send_review_reminders


class Command(BaseCommand):
    help = "Email data officers their inventory entries due for the annual review (once a month)."

    def handle(self, *args, **options):
        try:
            sent = send_review_reminders()
        except MailServerDown as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{sent} inventory review reminder(s) sent.")
