"""Benchmark the results page and results.json at scale, against the raw SQL baseline.

Run it after `seed_scale --responses 10000` (which fills the survey leadership-2024-scale).
Each page is requested in process through the full middleware stack as a signed-in user;
"raw SQL" runs the same aggregation (aggregation.RAW_SQL) through a bare cursor, so the
ratio is the cost of Django (ORM, folding, templates) over the database's own work.
"join SQL" is the aggregation as it was before migration 0006 (answers joined to their
responses to find the submitted ones), timed alongside for comparison.
"""

import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from assessments import aggregation
from assessments.models import Answer, Response, Survey
from assessments.scale import SCALE_KEY
from hub.models import User


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


class Command(BaseCommand):
    help = "Report p50/p95 of the results page and results.json, and the ratio to raw SQL."

    def add_arguments(self, parser):
        parser.add_argument("--survey", default=SCALE_KEY)
        parser.add_argument("--runs", type=int, default=40)

    def handle(self, *args, survey, runs, **options):
        target = Survey.objects.filter(key=survey).first()
        submitted = (
            Response.objects.filter(survey=target, status="submitted").count() if target else 0
        )
        if not submitted:
            raise CommandError(
                f"No submitted responses to {survey}: run seed_scale --responses 10000."
            )
        user, _ = User.objects.get_or_create(
            email="benchmark@example.invalid", defaults={"first_name": "Bench"}
        )
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        paths = {
            "results page": f"/assessments/{survey}/results/",
            "results.json": f"/assessments/{survey}/results.json",
        }
        timings = {"raw SQL": [], "join SQL": [], **{name: [] for name in paths}}
        question_ids = [q.pk for q in aggregation.reported_questions(target)]
        queries = {}
        with override_settings(DEBUG=False):
            for name, path in paths.items():
                for _ in range(3):  # warm caches and connections
                    assert client.get(path).status_code == 200
                with CaptureQueriesContext(connection) as captured:
                    client.get(path)
                queries[name] = len(captured)
            # Interleaved, so a busy machine slows the baseline and the pages alike.
            for _ in range(runs):
                started = time.perf_counter()
                aggregation.raw_numbers(target.pk)
                timings["raw SQL"].append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                with connection.cursor() as cursor:
                    cursor.execute(aggregation.JOIN_SQL, [target.pk, question_ids])
                    cursor.fetchall()
                timings["join SQL"].append((time.perf_counter() - started) * 1000)
                for name, path in paths.items():
                    started = time.perf_counter()
                    answer = client.get(path)
                    timings[name].append((time.perf_counter() - started) * 1000)
                    assert answer.status_code == 200
        raw = timings.pop("raw SQL")
        joined = timings.pop("join SQL")
        raw_p50, raw_p95 = statistics.median(raw), percentile(raw, 0.95)
        answers = Answer.objects.filter(response__survey=target).count()
        self.stdout.write(
            f"Survey {survey}: {submitted} submitted responses, {answers} answers; {runs} runs."
        )
        self.stdout.write(
            f"{'what':<16}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}"
            f"{'ratio p50':>11}{'ratio p95':>11}"
        )
        self.stdout.write(
            f"{'raw SQL':<16}{raw_p50:>9.1f}{raw_p95:>9.1f}{3:>9}{'1.00':>11}{'1.00':>11}"
        )
        join_p50, join_p95 = statistics.median(joined), percentile(joined, 0.95)
        self.stdout.write(
            f"{'join SQL (old)':<16}{join_p50:>9.1f}{join_p95:>9.1f}{1:>9}"
            f"{join_p50 / raw_p50:>11.2f}{join_p95 / raw_p95:>11.2f}"
        )
        for name, values in timings.items():
            p50, p95 = statistics.median(values), percentile(values, 0.95)
            self.stdout.write(
                f"{name:<16}{p50:>9.1f}{p95:>9.1f}{queries[name]:>9}"
                f"{p50 / raw_p50:>11.2f}{p95 / raw_p95:>11.2f}"
            )
        self.stdout.write("Targets: p95 under 200 ms, ratio under 1.5.")
