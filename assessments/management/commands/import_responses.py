from django.core.management.base import BaseCommand, CommandError

from assessments.importing import import_responses
from assessments.models import Survey
from config.csv_import import ImportRejected


class Command(BaseCommand):
    help = (
        "Import earlier responses from CSV (all-or-nothing; the same file twice changes nothing)."
    )

    def add_arguments(self, parser):
        parser.add_argument("survey_key")
        parser.add_argument("file")

    def handle(self, *args, **options):
        survey = Survey.objects.filter(key=options["survey_key"]).first()
        if survey is None:
            raise CommandError(f"No survey with key '{options['survey_key']}'.")
        try:
            result = import_responses(survey, options["file"])
        except ImportRejected as exc:
            raise CommandError(
                f"{options['file']} was not imported (nothing written):\n  "
                + "\n  ".join(exc.errors)
            ) from exc
        except OSError as exc:
            raise CommandError(f"cannot read {options['file']}: {exc.strerror}") from exc
        self.stdout.write(
            f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged."
        )
