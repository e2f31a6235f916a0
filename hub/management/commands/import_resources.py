from django.core.management.base import BaseCommand, CommandError

from config.csv_import import ImportRejected
from hub.resource_csv import import_resources


class Command(BaseCommand):
    help = (
        "Create or update resources from CSV (title, url, resource_type, tags separated by ';', "
        "provider agency code, and optionally audience, description, status). Idempotent on "
        "url; all-or-nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the CSV file")

    def handle(self, *args, file, **options):
        try:
            summary = import_resources(file)
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
                f"Resources: {summary.created} created, {summary.updated} updated, "
                f"{summary.unchanged} unchanged."
            )
        )
