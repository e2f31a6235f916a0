from django.core.management.base import BaseCommand, CommandError

from accounts.services import import_users
from config.csv_import import ImportRejected


class Command(BaseCommand):
    help = (
        "Create or update users from a CSV file with columns email, first_name, last_name, "
        "agency (code), group (role), and optionally password. All-or-nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the CSV file")

    def handle(self, *args, file, **options):
        try:
            summary = import_users(file)
        except FileNotFoundError as exc:
            raise CommandError(f"No such file: {file}") from exc
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(error)
            raise CommandError(
                f"{len(exc.errors)} problem(s) found; nothing was imported."
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{summary.created} user(s) created, {summary.updated} updated, "
                f"{summary.invited} invitation(s) sent to choose a password."
            )
        )
