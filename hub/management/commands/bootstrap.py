"""`manage.py bootstrap`: what a new production install needs beyond `migrate`, loaded once.

The migrations already make the role groups and their permissions, every agency and the
guidance library. This adds, each only while it is missing, the 2024 questionnaire, its
published baseline (the report's figures) and the report's existing resources, so the hub
does not start empty. Nothing present is loaded again: running it twice changes nothing, and
whatever curators changed, added or removed in the admin stays as they left it.

It runs the same commands as `make setup` (by name, so the hub imports no other app) and
looks models up by label for the same reason. docker-compose's web service runs it after
`migrate` on every start.
"""

from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand

ROOT = Path(__file__).resolve().parents[3]
SURVEY_2024 = "leadership-2024"


class Command(BaseCommand):
    help = "Load the reference content a new install needs, each piece only while missing."

    def handle(self, *args, **options):
        survey = apps.get_model("assessments", "Survey").objects.filter(key=SURVEY_2024)

        def baseline_missing() -> bool:  # a 2024 cycle not yet marked as one, and unanswered
            cycle = survey.first()
            return cycle is not None and not cycle.baseline and not cycle.responses.exists()

        steps = [
            (
                "the guidance library",
                lambda: not apps.get_model("sharing", "LegalFramework").objects.exists(),
                ["load_sharing_guidance"],
            ),
            (
                "the 2024 questionnaire",
                lambda: not survey.exists(),
                ["load_survey", str(ROOT / "assessments" / "data" / "survey_2024.yaml")],
            ),
            ("the 2024 published baseline", baseline_missing, ["load_baseline"]),
            (
                "the report's existing resources",
                lambda: not apps.get_model("hub", "Resource").objects.exists(),
                ["import_resources", str(ROOT / "hub" / "data" / "existing_resources.csv")],
            ),
        ]
        for what, missing, command in steps:
            if missing():
                call_command(*command, stdout=self.stdout)
                self.stdout.write(f"Loaded {what}.")
            else:
                self.stdout.write(f"Kept {what} as it is.")
