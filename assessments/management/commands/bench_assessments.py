"""Benchmark the results page and results.json at scale, against the raw SQL baseline.

Run it after `seed_scale --responses 10000` (which fills the survey leadership-2024-scale).
Each page is requested in process through the full middleware stack as a signed-in user;
"raw SQL" runs the same aggregation (RAW_SQL, below) through a bare cursor.

Two rows per page. "computed": this version's cached results are dropped before every
request, so the page computes them from the database as on the first request after a
change (the ratio is the cost of Django, ORM, folding and templates, over the database's
own work). "cached": the page as users get it between changes, from the cache configured
(Redis with REDIS_URL). "join SQL" is the aggregation as it was before migration 0006
(answers joined to their responses to find the submitted ones), timed alongside.
"""

import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from assessments import aggregation, results_cache, selectors
from assessments.models import Answer, Response, Survey
from assessments.scale import SCALE_KEY

# The same numbers as results_for_survey() in plain SQL: the benchmark's baseline.
RAW_QUESTIONS_SQL = """
SELECT id FROM assessments_question
WHERE survey_id = %s AND kind IN ('matrix', 'likert', 'ranking')
"""
RAW_SQL = """
SELECT question_id, item_id, option_id, rank, COUNT(*)
FROM assessments_answer
WHERE submitted AND question_id = ANY(%s)
GROUP BY question_id, item_id, option_id, rank
"""
# Before migration 0006 (kept for the benchmark's comparison): join answers to responses.
JOIN_SQL = """
SELECT a.question_id, a.item_id, a.option_id, a.rank, COUNT(a.id)
FROM assessments_answer a
JOIN assessments_response r ON r.id = a.response_id
WHERE r.survey_id = %s AND r.status = 'submitted' AND a.question_id = ANY(%s)
GROUP BY a.question_id, a.item_id, a.option_id, a.rank
"""
RAW_RESPONDENTS_SQL = """
SELECT role, COUNT(*) FROM assessments_response
WHERE survey_id = %s AND status = 'submitted' GROUP BY role
"""


def raw_numbers(survey_id):
    with connection.cursor() as cursor:
        cursor.execute(RAW_QUESTIONS_SQL, [survey_id])
        question_ids = [row[0] for row in cursor.fetchall()]
        cursor.execute(RAW_SQL, [question_ids])
        rows = cursor.fetchall()
        cursor.execute(RAW_RESPONDENTS_SQL, [survey_id])
        by_role = cursor.fetchall()
    return by_role, rows


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


class Command(BaseCommand):
    help = (
        "Report p50/p95 of the results page and results.json, computed from the database and "
        "cached, and the ratio to raw SQL."
    )

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
        rows = {
            f"{name} {mode}": (path, mode == "computed")
            for mode in ("computed", "cached")
            for name, path in paths.items()
        }
        timings = {"raw SQL": [], "join SQL": [], **{name: [] for name in rows}}
        question_ids = [q.pk for q in aggregation.reported_questions(target)]
        queries = {}

        def get(path, computed):
            if computed:
                results_cache.forget(selectors.get_survey(target.key))
            started = time.perf_counter()
            answer = client.get(path)
            elapsed = (time.perf_counter() - started) * 1000
            assert answer.status_code == 200
            return elapsed

        with override_settings(DEBUG=False):
            for name, (path, computed) in rows.items():
                for _ in range(3):  # warm caches and connections
                    get(path, computed)
                if computed:
                    results_cache.forget(selectors.get_survey(target.key))
                with CaptureQueriesContext(connection) as captured:
                    client.get(path)
                queries[name] = len(captured)
            # Interleaved, so a busy machine slows the baseline and the pages alike.
            for _ in range(runs):
                started = time.perf_counter()
                raw_numbers(target.pk)
                timings["raw SQL"].append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                with connection.cursor() as cursor:
                    cursor.execute(JOIN_SQL, [target.pk, question_ids])
                    cursor.fetchall()
                timings["join SQL"].append((time.perf_counter() - started) * 1000)
                for name, (path, computed) in rows.items():
                    timings[name].append(get(path, computed))
        raw = timings.pop("raw SQL")
        joined = timings.pop("join SQL")
        raw_p50, raw_p95 = statistics.median(raw), percentile(raw, 0.95)
        answers = Answer.objects.filter(response__survey=target).count()
        self.stdout.write(
            f"Survey {survey}: {submitted} submitted responses, {answers} answers; {runs} runs."
        )
        self.stdout.write(
            f"{'what':<24}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}"
            f"{'ratio p50':>11}{'ratio p95':>11}"
        )
        self.stdout.write(
            f"{'raw SQL':<24}{raw_p50:>9.1f}{raw_p95:>9.1f}{3:>9}{'1.00':>11}{'1.00':>11}"
        )
        join_p50, join_p95 = statistics.median(joined), percentile(joined, 0.95)
        self.stdout.write(
            f"{'join SQL (old)':<24}{join_p50:>9.1f}{join_p95:>9.1f}{1:>9}"
            f"{join_p50 / raw_p50:>11.2f}{join_p95 / raw_p95:>11.2f}"
        )
        for name, values in timings.items():
            p50, p95 = statistics.median(values), percentile(values, 0.95)
            self.stdout.write(
                f"{name:<24}{p50:>9.1f}{p95:>9.1f}{queries[name]:>9}"
                f"{p50 / raw_p50:>11.2f}{p95 / raw_p95:>11.2f}"
            )
        self.stdout.write(
            "computed: results from the database (this version's cache entries dropped before "
            "each request); cached: as served between changes. Queries include sign-in's."
        )
        self.stdout.write("Targets (computed): p95 under 200 ms, ratio under 1.5.")
