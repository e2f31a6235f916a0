"""Benchmark the catalog's list page: server time of four searches and the ratio to raw SQL.

Run it against a seeded database (`seed_scale --resources 100000`). Each scenario calls the
list view in process with a signed-in user, several times over a few queries; "raw SQL"
replays the exact statements the view issued the first time (the search computed in full)
through a bare database cursor, so the first-time ratio is the cost of Django (ORM, filters,
template) over the database's own work, and the repeated one what the cache saves.

Each view runs between the server's request signals, as under gunicorn: the time is the
view's, up to its response; the response is then closed (which stores the new listing,
hub.after_response) outside the timing, as the server closes it once the body has gone.
"""

import statistics
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.http import QueryDict
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.crypto import get_random_string

from accounts.backends import UserWithAgencyBackend
from hub import search
from hub.catalog_models import Resource
from hub.filters import ResourceFilter
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


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


class Command(BaseCommand):
    help = "Report p50/p95 server time of the resource list at scale, and the ratio to raw SQL."

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
        # As a signed-in request has it: agency and groups read with the user (the page's
        # menu shows the roles), as the sign-in backend reads them.
        user = UserWithAgencyBackend().get_user(user.pk)
        factory = RequestFactory()
        # The request signals as Django's test client sends them: without closing the
        # connection, which would make each view open a new one.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        with override_settings(DEBUG=False):
            first = [
                self.measure(factory, user, label, qs, runs, search.forget_searches)
                for label, qs in SCENARIOS
            ]
            # A repeated search is compared with the SQL of the same search run in full (the
            # statements the first time issued): what the cache saves, as a ratio below 1.
            repeated = [
                self.measure(factory, user, label, qs, runs, None, row["statements"])
                for (label, qs), row in zip(SCENARIOS, first, strict=True)
            ]
        self.stdout.write(f"Resource list at {count} published resources, {runs} runs each (ms).")
        for rows, title in [
            (
                first,
                "First-time searches (each run starts a new catalog generation, as a change does):",
            ),
            (
                repeated,
                "Repeated searches (the same searches again within a minute, cached; raw SQL "
                "is the first time's statements):",
            ),
        ]:
            self.stdout.write("\n" + title)
            self.write_table(rows)
        counted = []
        for _ in range(5):
            start = time.perf_counter()
            search.facets_and_page(
                search.queryset_sql(Resource.objects.published()), "newest", 0, 20
            )
            counted.append((time.perf_counter() - start) * 1000)
        self.stdout.write(
            f"The unfiltered list reads its facets from the counts that triggers keep; "
            f"counting them over the catalog instead takes {statistics.median(counted):.1f} ms "
            f"(median of 5)."
        )
        self.stdout.write("Targets: p95 under 60 ms, ratio under 2.")
        if detail:
            self.stdout.write("\nPer query, first-time (median ms, matches):")
            for row in first:
                for qs, median, count in row["per_query"]:
                    self.stdout.write(f"  {row['label']:<22} {median:>7.1f} {count:>7}  ?{qs}")

    def write_table(self, rows):
        header = (
            f"{'scenario':<22} {'p50':>7} {'p95':>7} {'raw p50':>8} {'raw p95':>8} "
            f"{'ratio p50':>9} {'ratio p95':>9} {'queries':>7} {'avg hits':>8}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for row in rows:
            self.stdout.write(
                f"{row['label']:<22} {row['p50']:>7.1f} {row['p95']:>7.1f} "
                f"{row['raw50']:>8.1f} {row['raw95']:>8.1f} {row['p50'] / row['raw50']:>9.2f} "
                f"{row['p95'] / row['raw95']:>9.2f} {row['queries']:>7} {row['hits']:>8}"
            )

    def measure(self, factory, user, label, query_strings, runs, forget, statements=None):
        """Time the view and the replay of the search's statements; `forget` (when given)
        runs before each run, outside the timing, so that the search runs in full; without
        `statements` the ones each search issues are recorded."""
        forget = forget or (lambda: None)

        def request_for(qs):
            request = factory.get("/resources/" + (f"?{qs}" if qs else ""))
            request.user = user
            # As a signed-in browser sends it: the CSRF cookie set at sign-in, which the
            # CSRF middleware reads into META before the view.
            request.COOKIES[settings.CSRF_COOKIE_NAME] = csrf_secret
            request.META["CSRF_COOKIE"] = csrf_secret
            return request

        def view(request):
            request_started.send(sender=None)
            return resource_index(request)

        csrf_secret = get_random_string(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS)
        view_times, raw_times, hits = [], [], {}
        recorded, statements = statements, dict(statements or {})
        per_query: dict[str, list[float]] = {qs: [] for qs in query_strings}
        issued = {}
        for qs in query_strings:  # warm up, and record the SQL each search issues
            view(request_for(qs)).close()
            forget()
            with CaptureQueriesContext(connection) as captured:
                view(request_for(qs)).close()
            if recorded is None:
                statements[qs] = [q["sql"] for q in captured.captured_queries]
            issued[qs] = len(captured)
            matched = ResourceFilter(QueryDict(qs), queryset=Resource.objects.published()).qs
            hits[qs] = matched.count()
        raw = connection.cursor().cursor  # the driver's cursor: no Django in the way
        for n in range(runs):
            qs = query_strings[n % len(query_strings)]
            request = request_for(qs)
            forget()
            start = time.perf_counter()
            response = view(request)
            assert response.status_code == 200 and response.content
            view_times.append((time.perf_counter() - start) * 1000)
            response.close()  # as the server does once the body has gone
            per_query[qs].append(view_times[-1])
            start = time.perf_counter()
            for sql in statements[qs]:
                raw.execute(sql)
                if raw.description:
                    raw.fetchall()
            raw_times.append((time.perf_counter() - start) * 1000)
        return {
            "label": label,
            "p50": statistics.median(view_times),
            "p95": percentile(view_times, 0.95),
            "raw50": statistics.median(raw_times),
            "raw95": percentile(raw_times, 0.95),
            "queries": max(issued.values()),
            "statements": statements,
            "hits": sum(hits.values()) // len(query_strings),
            "per_query": [
                (qs, statistics.median(t) if t else float("nan"), hits[qs])
                for qs, t in per_query.items()
            ],
        }
