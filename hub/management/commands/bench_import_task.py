"""Benchmark the admin's large CSV import as a background task, end to end.

Writes an N-row resource CSV (bench_import's rows, under a fresh url prefix so each run
creates N resources), queues the import task as the admin does for a file over 1,000 rows,
starts a real worker process (`manage.py procrastinate worker --one-shot`), and meanwhile
reads the run's progress row from this process, as the status page does, counting each
change it sees. Prints rows, seconds, rows/s and the progress updates seen, as a table.

The imported rows are committed (the worker's transaction commits): run it on a scratch
database, as bench_link_check and seed_scale are run, e.g.

    createdb -h 127.0.0.1 -U postgres hub_bench
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hub_bench DJANGO_DEBUG=1 \\
        .venv/bin/python manage.py migrate
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/hub_bench DJANGO_DEBUG=1 \\
        .venv/bin/python manage.py bench_import_task --rows 100000
"""

import subprocess  # nosec B404 (starts this project's own worker only)
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Agency, User
from hub import tasks
from hub.catalog_models import Resource
from hub.management.commands.bench_import import write_rows
from jobs.models import TaskRun


class Command(BaseCommand):
    help = (
        "Time a CSV import of N rows run as a background task by a real worker process. "
        "It commits the rows, so run it on a scratch database: `createdb -h 127.0.0.1 -U "
        "postgres hub_bench`, then with DATABASE_URL=postgresql://postgres@127.0.0.1:5432/"
        "hub_bench and DJANGO_DEBUG=1: `manage.py migrate`, then `manage.py "
        "bench_import_task --rows 100000`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000, help="rows to generate")
        parser.add_argument("--timeout", type=float, default=3600, help="seconds to wait")

    def handle(self, *args, rows, timeout, **options):
        agencies = list(Agency.objects.values_list("code", flat=True)[:20])
        if not agencies:
            raise CommandError("No agencies: run migrate first.")
        user, _ = User.objects.get_or_create(
            email="bench-import-task@example.invalid",
            defaults={"agency": Agency.objects.first(), "first_name": "Bench"},
        )
        stamp = str(int(time.time()))
        before = Resource.objects.count()
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "resources.csv"
            write_rows(path, rows, agencies, edition=f" ({stamp})")
            text = path.read_text(encoding="utf-8").replace(
                "https://ct.gov/", f"https://ct.gov/{stamp}/"
            )
            path.write_text(text, encoding="utf-8")
            size = path.stat().st_size
            with path.open("rb") as handle:
                run = tasks.start_import(user, File(handle, name="bench.csv"), rows)
        self.stderr.write(f"Queued task run {run.pk}; starting a worker process.")
        start = time.perf_counter()
        worker = subprocess.Popen(  # noqa: S603  # nosec B603 (fixed command, no input)
            [sys.executable, "manage.py", "procrastinate", "worker", "--one-shot"],
            cwd=settings.BASE_DIR,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        seen, last = 0, None
        state = None
        try:
            while True:
                state = TaskRun.objects.filter(pk=run.pk).values_list(
                    "status", "done", "total", "message"
                )[0]
                if state != last:
                    seen += 1
                    last = state
                if state[0] in ("succeeded", "failed") or worker.poll() is not None:
                    break
                if time.perf_counter() - start > timeout:
                    raise CommandError(f"Not done after {timeout:.0f} s.")
                time.sleep(0.05)
            seconds = time.perf_counter() - start
            _, errors = worker.communicate(timeout=120)
        finally:
            if worker.poll() is None:
                worker.kill()
        run.refresh_from_db()
        if run.status != "succeeded":
            raise CommandError(f"The task ended {run.status}: {run.error}\n{errors[-2000:]}")
        created = Resource.objects.count() - before
        in_task = (run.finished_at - run.started_at).total_seconds()
        self.stdout.write(
            "| rows | file | created | seconds (queued to done) | seconds in the task "
            "| rows/s | progress updates seen |\n"
            "|---|---|---|---|---|---|---|\n"
            f"| {rows:,} | {size / 1e6:.1f} MB | {created:,} | {seconds:.1f} | {in_task:.1f} "
            f"| {rows / seconds:,.0f} | {seen} |"
        )
