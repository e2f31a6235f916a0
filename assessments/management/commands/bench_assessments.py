"""Benchmark the results and breakdown pages at scale, beside the raw SQL baseline.

Run it after `seed_scale --responses 10000` (which fills the survey leadership-2024-scale).
Each page is requested in process through the full middleware stack as a signed-in user.
"computed": with no application cache (a dummy cache backend), so every request computes
the page from the database, as the first request after a change does. "cached": the page
as users get it between changes, from the cache configured (Redis with REDIS_URL). "raw SQL"
runs the results' aggregation (RAW_SQL, below) through a bare cursor; "join SQL" is that
aggregation as it was before migration 0011 (answers joined to their responses).
"""

import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from assessments import aggregation
from assessments.models import Answer, Response, Survey
from assessments.scale import SCALE_KEY

NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
TARGETS = {"results page": 150, "breakdown page": 200}  # p95 in ms, computed

# The same numbers as results_for_survey() in plain SQL: the benchmark's baseline.
RAW_QUESTIONS_SQL = """
SELECT id FROM assessments_question
WHERE survey_id = %s AND kind IN ('matrix', 'likert', 'ranking')
"""
RAW_SQL = """
SELECT question_id, item_id, option_id, rank, SUM(n)
FROM assessments_answer_tally
WHERE question_id = ANY(%s)
GROUP BY question_id, item_id, option_id, rank
"""
# Before migration 0011's tallies (kept for the benchmark's comparison): every answer joined
# to its response.
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


def timed(client, path) -> float:
    started = time.perf_counter()
    answer = client.get(path)
    elapsed = (time.perf_counter() - started) * 1000
    assert answer.status_code == 200, (path, answer.status_code)
    return elapsed


def timed_sql(sql, params) -> float:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for statement, values in zip(sql, params, strict=True):
            cursor.execute(statement, values)
            cursor.fetchall()
    return (time.perf_counter() - started) * 1000


class Command(BaseCommand):
    help = (
        "Report p50/p95 of the results and breakdown pages, computed from the database and "
        "cached, beside the raw SQL of the results."
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
        pages = {
            "results page": reverse("assessments:results", args=[survey]),
            "breakdown page": reverse("assessments:breakdown", args=[survey]),
        }
        question_ids = [q.pk for q in aggregation.reported_questions(target)]
        baselines = {
            "raw SQL": (
                [RAW_QUESTIONS_SQL, RAW_SQL, RAW_RESPONDENTS_SQL],
                [[target.pk], [question_ids], [target.pk]],
            ),
            "join SQL (old)": ([JOIN_SQL], [[target.pk, question_ids]]),
        }
        timings = {name: [] for name in baselines}
        queries = {name: len(sql) for name, (sql, _params) in baselines.items()}
        with override_settings(DEBUG=False):
            for mode, caches in (("computed", NO_CACHE), ("cached", None)):
                settings = override_settings(CACHES=caches) if caches else override_settings()
                with settings:
                    for name, path in pages.items():
                        row = f"{name} {mode}"
                        for _ in range(3):  # warm connections (and, cached, the cache)
                            timed(client, path)
                        with CaptureQueriesContext(connection) as captured:
                            client.get(path)
                        queries[row] = len(captured)
                        timings[row] = []
                        # Interleaved with the baselines, so a busy machine slows both.
                        for _ in range(runs):
                            timings[row].append(timed(client, path))
                            for baseline, (sql, params) in baselines.items():
                                timings[baseline].append(timed_sql(sql, params))
        answers = Answer.objects.filter(response__survey=target).count()
        self.stdout.write(
            f"Survey {survey}: {submitted} submitted responses, {answers} answers; {runs} runs."
        )
        self.stdout.write(f"{'what':<28}{'p50 ms':>9}{'p95 ms':>9}{'queries':>9}{'target':>10}")
        for name, values in timings.items():
            p50, p95 = statistics.median(values), percentile(values, 0.95)
            page = name.removesuffix(" computed")
            target_ms = f"< {TARGETS[page]}" if page in TARGETS else ""
            self.stdout.write(f"{name:<28}{p50:>9.1f}{p95:>9.1f}{queries[name]:>9}{target_ms:>10}")
        self.stdout.write(
            "computed: no application cache, every request from the database; cached: as "
            "served between changes. Queries include sign-in's. Targets: p95 of computed pages."
        )
