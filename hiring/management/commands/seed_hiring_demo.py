"""Load the hiring toolkit's marked samples (idempotent). Run by `make setup`."""

from django.core.management.base import BaseCommand

from hiring.demo import load_demo


class Command(BaseCommand):
    help = "Load one clearly marked sample of each kind of hiring content (once)."

    def handle(self, *args, **options):
        created = load_demo()
        if created:
            self.stdout.write(f"Loaded the hiring toolkit's samples ({created} rows).")
        else:
            self.stdout.write("Hiring toolkit samples already present.")
