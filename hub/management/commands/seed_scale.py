from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from hub.scale import SEEDERS


class Command(BaseCommand):
    help = "Create realistic data at scale for benchmarks (one option per app's seeder)."

    def add_arguments(self, parser):
        for seeder in SEEDERS.values():
            parser.add_argument(f"--{seeder.option}", type=int, default=0, help=seeder.help)

    def handle(self, *args, **options):
        chosen = [s for s in SEEDERS.values() if options.get(s.option.replace("-", "_"))]
        if not chosen:
            names = ", ".join(f"--{s.option} N" for s in SEEDERS.values()) or "none registered"
            raise CommandError(f"Say how much to create: {names}.")
        for seeder in chosen:
            count = options[seeder.option.replace("-", "_")]
            self.stdout.write(f"Seeding {count} {seeder.option}...")
            import_string(seeder.function)(count, self.stdout)
