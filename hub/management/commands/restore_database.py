from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config import backup


class Command(BaseCommand):
    help = "Restore the configured database from a pg_dump backup (replaces its contents)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, file, yes=False, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"No such file: {path}")
        if not yes and input("This replaces the database's contents. Type 'yes': ") != "yes":
            raise CommandError("Restore cancelled.")
        try:
            backup.restore(path)
        except Exception as exc:
            raise CommandError(f"Restore failed: {getattr(exc, 'stderr', '') or exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Database restored from {path}"))
