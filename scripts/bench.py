"""`make bench`: the server time of the pages users wait for, with no application cache.

Each page is requested in process through Django's whole stack (middleware, session, view,
template, the response closed as a server closes it) with django.test.Client, signed in as
the demo user the page is for (seed_demo), against the database in DATABASE_URL. Every
cache is Django's DummyCache, so each request computes its page from the database, as the
first request after a change does. The figures that count are at scale: a separate
database with `seed_scale --resources 100000 --responses 10000 --requests 20000`.

Only paths, the demo users and seeded data are used (no app module is imported), so the
same script measures an older checkout too: run it from that checkout's root, with its
virtualenv (`cd ../before && DATABASE_URL=... .venv/bin/python ../main/scripts/bench.py`).
"""

import argparse
import contextlib
import math
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

SCALE_SURVEY = "leadership-2024-scale"  # seed_scale --responses fills this survey
CURATOR = "curator@demo.ct.gov"
REVIEWER = "reviewer@demo.ct.gov"
OFFICER = "officer@demo.ct.gov"
RESULTS = f"/assessments/{SCALE_SURVEY}/results/"

# (page, who asks, path, p95 target in ms); a path of None is found on the page before it.
PAGES = [
    ("catalog search: one broad word", CURATOR, "/resources/?q=data", 60),
    ("catalog search: typo", CURATOR, "/resources/?q=vizualization", 60),
    (
        "catalog search: two words + 2 facets",
        CURATOR,
        "/resources/?q=housing+data&type=dataset&audience=analysts",
        60,
    ),
    ("catalog search: unfiltered", CURATOR, "/resources/", 60),
    ("site search: one broad word", CURATOR, "/search/?q=data", 60),
    ("site search: synonym (law)", CURATOR, "/search/?q=privacy+law", 60),
    ("results page", CURATOR, RESULTS, 150),
    ("breakdown page (by role)", CURATOR, RESULTS + "breakdown/", 200),
    ("breakdown page (by group)", CURATOR, RESULTS + "breakdown/?by=group", 200),
    ("sharing work queue", REVIEWER, "/sharing/requests/", 60),
    ("sharing request page", REVIEWER, None, 60),
    ("sharing register", OFFICER, "/sharing/register/", 60),
]
REQUEST_LINK = re.compile(rb'href="(/sharing/requests/\d+/)"')
LOAD_TARGET = "`make load` read mix (4 workers, 16 connections, with the cache)"


def configure():
    """Production settings (DEBUG off) on DATABASE_URL, every cache a DummyCache."""
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("Set DATABASE_URL to the database to measure (seeded by seed_scale).")
    sys.path.insert(0, str(Path.cwd()))  # the checkout being measured, not this file's
    for name in ("DJANGO_DEBUG", "REDIS_URL"):
        os.environ.pop(name, None)
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_HTTPS="0",
        LOG_LEVEL="ERROR",
    )
    import django
    from django.conf import settings

    # Whitenoise warns of a missing STATIC_ROOT (collectstatic is not needed here).
    warnings.filterwarnings("ignore", "No directory at", UserWarning)

    dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    settings.CACHES = {alias: dummy for alias in settings.CACHES}
    # Plain static URLs: the manifest needs collectstatic, and a lookup in it costs nothing.
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    settings.STORAGES = {**settings.STORAGES, "staticfiles": plain}
    django.setup()


def percentile(values, fraction):
    """Nearest rank: the smallest value at or above `fraction` of the runs."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def measure(client, path, runs):
    """(times in ms, queries of one request, last response): one warm-up request, one
    counted, then `runs` timed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    queries = len(captured)  # now: the next request clears the connection's log
    if response.status_code == 404:
        return None, queries, response  # a page an older checkout lacks
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code} (see the seeding steps).")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code} during the runs.")
    return times, queries, response


def clients():
    """One signed-in client per demo user."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    signed_in = {}
    for email in {who for _, who, _, _ in PAGES}:
        user = get_user_model().objects.filter(email=email).first()
        if user is None:
            raise SystemExit(f"No user {email}: run seed_demo (make setup) first.")
        signed_in[email] = Client()
        signed_in[email].force_login(user)
    return signed_in


def describe(runs):
    """The database, the checkout and the scale measured, in one line."""
    from django.apps import apps
    from django.db import connection

    counts = []
    for label, noun in [
        ("hub.Resource", "resources"),
        ("assessments.Response", "responses"),
        ("sharing.SharingRequest", "sharing requests"),
    ]:
        with contextlib.suppress(LookupError):  # a model an older checkout lacks
            counts.append(f"{apps.get_model(label).objects.count():,} {noun}")
    git = shutil.which("git")
    commit = (
        git
        and subprocess.run(  # noqa: S603 (read-only, in the measured checkout)
            [git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
        ).stdout.strip()
    )
    return (
        f"Database {connection.settings_dict['NAME']}, checkout {Path.cwd()} "
        f"({commit or 'no git'}): {', '.join(counts)}. {runs} runs per page after one "
        "warm-up, no application cache (DummyCache), DEBUG off; queries are one request's, "
        "sign-in included."
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="timed runs per page")
    parser.add_argument("--only", default="", help="only the pages whose name has this text")
    args = parser.parse_args()
    runs = args.runs
    configure()
    print(describe(runs) + "\n")
    print("| page | runs | p50 ms | p95 ms | queries | target |")
    print("|---|---|---|---|---|---|")
    signed_in, previous, missed = clients(), None, 0
    for page, who, path, target in PAGES:
        if args.only not in page:
            continue
        if path is None:  # the first request the page before links to
            found = REQUEST_LINK.search(previous.content) if previous else None
            if found is None:
                print(f"| {page} | 0 | - | - | - | no request linked from the queue |")
                continue
            path = found.group(1).decode()
            page = f"{page} ({path})"
        elif "?" in path:
            page = f"{page} (?{path.partition('?')[2]})"
        times, queries, previous = measure(signed_in[who], path, runs)
        if times is None:
            print(f"| {page} | 0 | - | - | - | not in this checkout (404) |")
            continue
        p95 = percentile(times, 0.95)
        verdict = "met" if p95 < target else "MISSED"
        missed += p95 >= target
        print(
            f"| {page} | {runs} | {statistics.median(times):.1f} | {p95:.1f} | {queries} "
            f"| p95 < {target} ({verdict}) |"
        )
    print(f"| {LOAD_TARGET} | - | - | - | - | >= 300 req/s, p99 < 150 ms, 0 errors |")
    print(f"\n{missed} target(s) missed. The load figures: `make load` (wrk; README, Operations).")


if __name__ == "__main__":
    main()
