"""Benchmark the site search (/search/): p50/p95 server time of several queries at scale.

Run it against a seeded database (`seed_scale --resources 100000`; datasets and AI use
cases join when their apps register their kinds). Each query calls the search view in
process with a signed-in user and no application cache (a dummy cache: every page computed
from the database, the synonyms read each time), as the first search after a change does.
"""

import statistics
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.crypto import get_random_string

from accounts.roles import HUB_CURATORS
from hub import site_search
from hub.catalog_models import Resource
from hub.management.commands.bench_resources import NO_CACHE, percentile
from hub.site_search_views import search

QUERIES = [
    "census",  # one common word: the facets from the per-term counts
    "dashboard",
    "privacy law",  # a synonym: law -> legal
    "FERPA",  # an acronym: ferpa -> education records
    "GIS mapping",
    "housing data",  # two common words
    "vizualization",  # a typo
    "zzqx nothing",  # no results: the suggest form
]
TARGET_MS = 60


class Command(BaseCommand):
    help = "Report p50/p95 server time of the site search at scale, with no application cache."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=40, help="timed runs per query")

    def handle(self, *args, runs, **options):
        count = Resource.objects.published().count()
        if not count:
            raise CommandError("No published resources: run seed_scale --resources N first.")
        users = {
            "staff": self.user("benchmark@example.invalid", curator=False),
            "curator": self.user("benchmark-curator@example.invalid", curator=True),
        }
        kinds = ", ".join(kind.key for kind in site_search.kinds())
        self.stdout.write(
            f"Site search ({kinds}) at {count} published resources, {runs} runs per query, "
            "no application cache (ms)."
        )
        header = f"{'who':<8} {'query':<16} {'p50':>7} {'p95':>7} {'queries':>7} {'results':>8}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        every = []
        with override_settings(DEBUG=False, CACHES=NO_CACHE):
            for who, user in users.items():
                for query in QUERIES:
                    row = self.measure(user, query, runs)
                    every += row["times"]
                    self.stdout.write(
                        f"{who:<8} {query:<16} {row['p50']:>7.1f} {row['p95']:>7.1f} "
                        f"{row['queries']:>7} {row['results']:>8}"
                    )
        p95 = percentile(every, 0.95)
        verdict = "met" if p95 < TARGET_MS else "NOT met"
        self.stdout.write(
            f"\nAll queries: p50 {statistics.median(every):.1f}, p95 {p95:.1f} ms. "
            f"Target p95 < {TARGET_MS} ms: {verdict}."
        )

    def user(self, email, curator):
        user, _ = get_user_model().objects.get_or_create(
            email=email, defaults={"first_name": "Bench"}
        )
        if curator:
            user.groups.add(Group.objects.get(name=HUB_CURATORS))
        # As a signed-in request has it: the menu shows the agency and the roles.
        return (
            get_user_model()
            .objects.select_related("agency")
            .prefetch_related("groups")
            .get(pk=user.pk)
        )

    def measure(self, user, query, runs):
        factory = RequestFactory()
        csrf_secret = get_random_string(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS)
        found = {}

        def view():
            request = factory.get("/search/", {"q": query})
            request.user = user
            request.COOKIES[settings.CSRF_COOKIE_NAME] = csrf_secret
            request.META["CSRF_COOKIE"] = csrf_secret
            response = search(request)
            assert response.status_code == 200 and response.content
            found["page"] = response.content
            return response

        view()  # warm up
        with CaptureQueriesContext(connection) as captured:
            view()
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            view()
            times.append((time.perf_counter() - start) * 1000)
        total = found["page"].split(b'data-testid="search-total">', 1)[-1].split(b" ", 1)[0]
        return {
            "p50": statistics.median(times),
            "p95": percentile(times, 0.95),
            "queries": len(captured),
            "results": total.decode(errors="replace") if total.isdigit() else "?",
            "times": times,
        }
