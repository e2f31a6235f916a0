from django.core.management.base import BaseCommand, CommandError

from assessments.loader import SurveyFileError, load_spec, read_file


class Command(BaseCommand):
    help = "Load (or update) a questionnaire from a YAML file; the same file twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        try:
            result = load_spec(read_file(options["file"]))
        except SurveyFileError as exc:
            raise CommandError(
                f"{options['file']} was not loaded (nothing written):\n  " + "\n  ".join(exc.errors)
            ) from exc
        if result.changed:
            self.stdout.write(f"Survey {result.survey.key}: {len(result.changes)} change(s).")
            for change in result.changes[:50]:
                self.stdout.write(f"  {change}", style_func=None)
        else:
            self.stdout.write(f"Survey {result.survey.key}: unchanged.")
