"""Benchmark the sharing pages at scale: p50/p95 server time and query counts.

Run it against a seeded database (`seed_scale --requests 20000`). Each scenario requests the
page through Django's full stack (middleware, session, view, template) in process, signed
in as the user the page is for, several times over several pages or requests: first each
time with every cache cleared first (the page computed from the database), then repeated
with the cache as the previous view left it.
"""

import statistics
import time

from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from accounts import roles
from accounts.models import Agency, User
from sharing.models import SharingRequest, State


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def bench_user(email, group_name, agency):
    user, _ = User.objects.get_or_create(
        email=email, defaults={"first_name": "Bench", "agency": agency}
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


class Command(BaseCommand):
    help = "Report p50/p95 of the sharing pages at scale, computed and repeated."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=40, help="timed runs per scenario")

    def handle(self, *args, runs, **options):
        total = SharingRequest.objects.count()
        if total < 1000:
            raise CommandError("Fewer than 1,000 requests: run seed_scale --requests 20000 first.")
        dol = Agency.objects.get(code="DOL")
        reviewer = bench_user("bench-reviewer@example.invalid", roles.SHARING_REVIEWERS, None)
        officer = bench_user("bench-officer@example.invalid", roles.DATA_OFFICERS, dol)
        detail_ids = list(
            SharingRequest.objects.filter(state__in=[State.EXECUTED, State.IN_REVIEW])
            .order_by("?")
            .values_list("pk", flat=True)[:10]
        )
        detail_paths = [f"/sharing/requests/{pk}/" for pk in detail_ids]
        scenarios = [
            ("home page (reviewer)", reviewer, ["/"]),
            ("guidance home", officer, ["/sharing/"]),
            (
                "work queue (reviewer)",
                reviewer,
                ["/sharing/requests/", "/sharing/requests/?page=5"],
            ),
            (
                "work queue, all (officer)",
                officer,
                ["/sharing/requests/?view=all", "/sharing/requests/?view=all&state=executed"],
            ),
            (
                "register",
                officer,
                [
                    "/sharing/register/",
                    "/sharing/register/?page=40",
                    "/sharing/register/?category=medicaid&status=executed",
                    f"/sharing/register/?agency={dol.pk}",
                ],
            ),
            ("register matrix", officer, ["/sharing/register/matrix/"]),
            ("request detail (reviewer)", reviewer, detail_paths),
        ]
        agreements = SharingRequest.objects.agreements().count()
        self.stdout.write(
            f"Sharing pages at {total} requests ({agreements} agreements), "
            f"{runs} runs each (ms, full Django stack in process):"
        )
        for title, computed in (
            ("Computed (every cache cleared before each view):", True),
            ("Repeated (the cache as the previous view left it):", False),
        ):
            with override_settings(DEBUG=False, ALLOWED_HOSTS=["localhost"]):
                rows = [
                    self.measure(label, user, paths, runs, computed)
                    for label, user, paths in scenarios
                ]
            self.report(title, rows)
        self.stdout.write(
            "Target: p95 under 60 ms computed; queries constant in the number of rows."
        )

    def report(self, title, rows):
        self.stdout.write("")
        self.stdout.write(title)
        header = f"{'page':<28} {'p50':>7} {'p95':>7} {'max':>7} {'queries':>9}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for row in rows:
            queries = "/".join(str(q) for q in sorted(row["queries"]))
            self.stdout.write(
                f"{row['label']:<28} {row['p50']:>7.1f} {row['p95']:>7.1f} "
                f"{row['max']:>7.1f} {queries:>9}"
            )

    def measure(self, label, user, paths, runs, computed):
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        queries = set()
        for path in paths:  # warm up, and count queries once per page as it is measured
            client.get(path)
            if computed:
                clear_caches()
            with CaptureQueriesContext(connection) as captured:
                status = client.get(path).status_code
            if status != 200:
                raise CommandError(f"{path} answered {status}")
            queries.add(len(captured))
        timings = []
        for run in range(runs):
            path = paths[run % len(paths)]
            if computed:
                clear_caches()
            start = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
        return {
            "label": label,
            "p50": statistics.median(timings),
            "p95": percentile(timings, 0.95),
            "max": max(timings),
            "queries": queries,
        }


def clear_caches():
    """Nothing kept from the last view (the signed-in session stays in the database)."""
    for alias in caches.settings:
        caches[alias].clear()
