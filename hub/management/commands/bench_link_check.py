"""Benchmark the weekly link check at scale against a local HTTP server.

Every published resource's URL is pointed at a server this command starts on 127.0.0.1
(one resource in ten answers 404), then `check_links` runs as the weekly job runs it: the
fetches with bounded concurrency (`--workers`), then the results written in one
transaction. Everything runs in a transaction that is rolled back, so the database keeps
its URLs and results; run it in a separate database all the same (`seed_scale`, README).
Traffic goes to loopback only.
"""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import override_settings

from hub.catalog_models import Resource
from hub.link_check import check_links


class RolledBack(Exception):
    """Raised to undo the benchmark's writes."""


class Answer(BaseHTTPRequestHandler):
    def do_HEAD(self):
        self.send_response(404 if self.path.endswith("0") else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class Command(BaseCommand):
    help = "Time the weekly link check over every published resource against 127.0.0.1."

    def add_arguments(self, parser):
        parser.add_argument("--workers", type=int, default=4, help="requests at a time")
        parser.add_argument("--timeout", type=float, default=10)

    def handle(self, *args, workers, timeout, **options):
        server = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/r/"
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(
                        "UPDATE hub_resource SET url = %s || id WHERE status = 'published'",
                        [base],
                    )
                count = Resource.objects.published().exclude(url="").count()
                with override_settings(LINK_CHECK_ALLOWED_NETWORKS=["127.0.0.0/8"]):
                    start = time.perf_counter()
                    counts = check_links(timeout=timeout, workers=workers)
                    seconds = time.perf_counter() - start
                raise RolledBack
        except RolledBack:
            pass
        finally:
            server.shutdown()
            server.server_close()
        self.stdout.write(
            f"| published resources | workers | checked | broken | seconds | links/s |\n"
            f"|---|---|---|---|---|---|\n"
            f"| {count} | {workers} | {counts['checked']} | {counts['broken']} "
            f"| {seconds:.1f} | {counts['checked'] / seconds:.0f} |"
        )
