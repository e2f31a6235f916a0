"""Benchmark the catalog's list page: p50/p95 server time of four kinds of search.

Run it against a seeded database (`seed_scale --resources 100000`). Each scenario calls the
list view in process with a signed-in user, several times over a few queries: first with no
application cache (a dummy cache: every page computed from the database, as the first
search after a catalog change), then with this process's memory cache (repeated searches,
whose fragments are kept for the catalog's version). It also prints what reading the facets
from the counts per search term saves over counting them over the matches.
"""

import statistics
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.crypto import get_random_string

from hub import search
from hub.catalog_models import Resource
from hub.resource_views import resource_index

SCENARIOS = [
    ("one-word search", ["q=census", "q=dashboard", "q=privacy", "q=broadband", "q=payroll"]),
    (
        "two words + 2 facets",
        [
            "q=housing+data&type=dataset&audience=analysts",
            "q=labor+dashboards&type=guidance&tag=data-visualization",
            "q=medicaid+reporting&audience=all_staff&type=training",
            "q=school+enrollment&type=guidance&tag=python",
            "q=crash+mapping&audience=analysts&type=tool",
        ],
    ),
    ("typo search", ["q=vizualization", "q=brodband", "q=medicade", "q=enrolment", "q=payrol"]),
    ("unfiltered list", ["", "sort=title", "page=2"]),
]
NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
MEMORY_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def median_ms(call, runs=5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


class Command(BaseCommand):
    help = "Report p50/p95 server time of the resource list at scale, without and with the cache."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=60, help="timed runs per scenario")
        parser.add_argument("--detail", action="store_true", help="also print each query")

    def handle(self, *args, runs, detail, **options):
        count = Resource.objects.published().count()
        if not count:
            raise CommandError("No published resources: run seed_scale --resources N first.")
        user, _ = get_user_model().objects.get_or_create(
            email="benchmark@example.invalid", defaults={"first_name": "Bench"}
        )
        # As a signed-in request has it: the page's menu shows the agency and the roles.
        user = (
            get_user_model()
            .objects.select_related("agency")
            .prefetch_related("groups")
            .get(pk=user.pk)
        )
        self.stdout.write(f"Resource list at {count} published resources, {runs} runs each (ms).")
        for caches, title in [
            (NO_CACHE, "Computed from the database (no application cache):"),
            (MEMORY_CACHE, "Repeated searches (fragments cached for the catalog's version):"),
        ]:
            with override_settings(DEBUG=False, CACHES=caches):
                rows = [self.measure(user, label, qs, runs) for label, qs in SCENARIOS]
            self.stdout.write("\n" + title)
            self.write_table(rows)
            if detail:
                self.stdout.write("Per query (median ms):")
                for row in rows:
                    for qs, median in row["per_query"]:
                        self.stdout.write(f"  {row['label']:<22} {median:>7.1f}  ?{qs}")
        self.write_term_counts()
        self.stdout.write("Target: p95 under 60 ms computed from the database.")

    def write_term_counts(self):
        """The facets of the unfiltered list and of a common word, read from the counts the
        triggers keep (migrations 0010, 0011) and counted over the matches instead."""
        published = Resource.objects.published()
        census = search.apply_search(published, "census")
        self.stdout.write("\nFacets and first page, read from the counts / counted (median ms):")
        for label, matches, sort, term in [
            ("unfiltered list", published, "newest", search.ALL),
            ("one word: census", census, "relevance", "census"),
        ]:
            read = median_ms(
                lambda m=matches, s=sort, t=term: search.facets_and_page(m, s, 0, 20, term=t)
            )
            counted = median_ms(lambda m=matches, s=sort: search.facets_and_page(m, s, 0, 20))
            self.stdout.write(f"  {label:<22} {read:>7.1f} / {counted:>7.1f}")

    def write_table(self, rows):
        header = f"{'scenario':<22} {'p50':>7} {'p95':>7} {'queries':>7}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for row in rows:
            self.stdout.write(
                f"{row['label']:<22} {row['p50']:>7.1f} {row['p95']:>7.1f} {row['queries']:>7}"
            )

    def measure(self, user, label, query_strings, runs):
        factory = RequestFactory()
        csrf_secret = get_random_string(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS)

        def view(qs):
            request = factory.get("/resources/" + (f"?{qs}" if qs else ""))
            request.user = user
            # As a signed-in browser sends it: the CSRF cookie set at sign-in.
            request.COOKIES[settings.CSRF_COOKIE_NAME] = csrf_secret
            request.META["CSRF_COOKIE"] = csrf_secret
            response = resource_index(request)
            assert response.status_code == 200 and response.content
            return response

        issued = []
        for qs in query_strings:  # warm up, and count the statements each search issues
            view(qs)
            with CaptureQueriesContext(connection) as captured:
                view(qs)
            issued.append(len(captured))
        times, per_query = [], {qs: [] for qs in query_strings}
        for n in range(runs):
            qs = query_strings[n % len(query_strings)]
            start = time.perf_counter()
            view(qs)
            times.append((time.perf_counter() - start) * 1000)
            per_query[qs].append(times[-1])
        return {
            "label": label,
            "p50": statistics.median(times),
            "p95": percentile(times, 0.95),
            "queries": max(issued),
            "per_query": [
                (qs, statistics.median(t) if t else float("nan")) for qs, t in per_query.items()
            ],
        }
