"""Benchmark the resource CSV import: N generated valid rows, imported and timed.

The rows are as short as real ones can be, so that the file size shows whether N rows fit
the admin's upload limit. By default everything runs in a transaction that is rolled back,
so the database is left as it was; run it in a separate database all the same (README).
"""

import random
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.template.defaultfilters import filesizeformat

from accounts.models import Agency
from hub.resource_csv import import_resources
from hub.uploads import MAX_IMPORT_FILE

WORDS = ["census", "housing", "budget", "python", "privacy", "mapping", "labor", "health"]
TYPES = ["tool", "video", "policy", "dataset", "guidance", "training"]
TAGS = ["gis", "sql", "r", "equity", "census", "metadata", "python", "excel", "maps", "ai"]


class RolledBack(Exception):
    """Raised to undo the benchmark's writes."""


def write_rows(path: Path, count: int, agencies: list[str], edition: str = "") -> None:
    # the same rows on every run, so runs compare
    rng = random.Random(20261201)  # nosec B311
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("title,url,resource_type,tags,provider\n")
        for n in range(count):
            title = f"{rng.choice(WORDS).title()} {n}{edition}"
            tags = ";".join(rng.sample(TAGS, rng.randint(0, 2)))
            provider = rng.choice(agencies) if rng.random() < 0.5 else ""
            out.write(f"{title},https://ct.gov/{n},{rng.choice(TYPES)},{tags},{provider}\n")


class Command(BaseCommand):
    help = "Time the resource CSV import of N generated rows (rolled back unless --keep)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=1000, help="rows to generate")
        parser.add_argument(
            "--update", action="store_true", help="then import them again, every title changed"
        )
        parser.add_argument("--keep", action="store_true", help="commit the imported rows")

    def handle(self, *args, rows, update, keep, **options):
        agencies = list(Agency.objects.values_list("code", flat=True)[:20])
        if not agencies:
            raise CommandError("No agencies: run migrate first.")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "resources.csv"
            write_rows(path, rows, agencies)
            size = path.stat().st_size
            fits = "within" if size <= MAX_IMPORT_FILE else "OVER"
            self.stdout.write(
                f"{rows} rows, {filesizeformat(size)} ({size} bytes, {fits} the "
                f"{filesizeformat(MAX_IMPORT_FILE)} upload limit)"
            )
            try:
                with transaction.atomic():
                    self.timed("create", path, rows)
                    if update:
                        write_rows(path, rows, agencies, edition=" (2nd ed.)")
                        self.timed("update", path, rows)
                    if not keep:
                        raise RolledBack
            except RolledBack:
                self.stdout.write("Rolled back.")

    def timed(self, label: str, path: Path, rows: int) -> None:
        start = time.perf_counter()
        summary = import_resources(str(path))
        seconds = time.perf_counter() - start
        self.stdout.write(
            f"{label}: {seconds:.2f} s, {rows / seconds:,.0f} rows/s "
            f"({summary.created} created, {summary.updated} updated, "
            f"{summary.unchanged} unchanged)"
        )
