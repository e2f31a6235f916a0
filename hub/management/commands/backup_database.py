from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config import backup


class Command(BaseCommand):
    help = "Dump the configured database with pg_dump (custom format)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="default: backups/hub-<timestamp>.dump")

    def handle(self, *args, file=None, **options):
        path = Path(file or f"backups/hub-{datetime.now():%Y%m%d-%H%M%S}.dump")
        try:
            backup.backup(path)
        except Exception as exc:
            raise CommandError(f"Backup failed: {getattr(exc, 'stderr', '') or exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path}"))
