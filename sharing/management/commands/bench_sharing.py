"""Benchmark the sharing pages at scale: p50/p95 server time and query counts.

Run it against a seeded database (`seed_scale --requests 20000`). Each scenario requests the
page through Django's full stack (middleware, session, view, template) in process, signed
in as the user the page is for, several times over several pages or requests.
"""

import statistics
import time

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from hub import roles
from hub.models import Agency, User
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
    help = "Report p50/p95 of the sharing work queue, register and request page at scale."

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
        with override_settings(DEBUG=False, ALLOWED_HOSTS=["localhost"]):
            rows = [self.measure(label, user, paths, runs) for label, user, paths in scenarios]
        agreements = SharingRequest.objects.agreements().count()
        self.stdout.write(
            f"Sharing pages at {total} requests ({agreements} agreements), "
            f"{runs} runs each (ms, full Django stack in process):"
        )
        header = f"{'page':<28} {'p50':>7} {'p95':>7} {'max':>7} {'queries':>9}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for row in rows:
            queries = "/".join(str(q) for q in sorted(row["queries"]))
            self.stdout.write(
                f"{row['label']:<28} {row['p50']:>7.1f} {row['p95']:>7.1f} "
                f"{row['max']:>7.1f} {queries:>9}"
            )
        self.stdout.write("Target: p95 under 100 ms; queries constant in the number of rows.")

    def measure(self, label, user, paths, runs):
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        queries = set()
        for path in paths:  # warm up, and count queries once per page
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            if response.status_code != 200:
                raise CommandError(f"{path} answered {response.status_code}")
            queries.add(len(captured))
        timings = []
        for run in range(runs):
            path = paths[run % len(paths)]
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
