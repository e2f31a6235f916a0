from django.core.management.base import BaseCommand, CommandError

from assessments.baseline import PUBLISHED_2024, BaselineError, load_baseline
from assessments.models import Survey


class Command(BaseCommand):
    help = (
        "Load a cycle's published figures (default: the 2024 report's, into leadership-2024) "
        "and mark it as a published baseline. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(PUBLISHED_2024))
        parser.add_argument("--survey", default="leadership-2024")

    def handle(self, *args, **options):
        survey = Survey.objects.filter(key=options["survey"]).first()
        if survey is None:
            raise CommandError(f"No survey {options['survey']}: run load_survey first.")
        try:
            count = load_baseline(survey, options["file"])
        except BaselineError as error:
            raise CommandError("\n".join(error.errors)) from error
        self.stdout.write(f"{survey.key}: published baseline with {count} figures.")
