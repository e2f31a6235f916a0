import io
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from hub.link_check import check_links, fetch
from tests.hub.factories import ResourceFactory, draft

pytestmark = pytest.mark.django_db


class Handler(BaseHTTPRequestHandler):
    def do_HEAD(self):
        if self.path == "/no-head":
            self.send_response(405)
        elif self.path == "/slow":
            time.sleep(2)
            self.send_response(200)
        else:
            self.send_response(404 if self.path == "/missing" else 200)
        self.end_headers()

    def do_GET(self):
        self.send_response(200 if self.path == "/no-head" else 404)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


@pytest.fixture
def server(settings):
    settings.LINK_CHECK_ALLOWED_NETWORKS = ["127.0.0.0/8"]  # the checker refuses it otherwise
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_head_then_get_when_head_is_not_allowed(server):
    assert fetch(f"{server}/fine", timeout=2).status == 200
    assert fetch(f"{server}/missing", timeout=2).status == 404
    assert fetch(f"{server}/no-head", timeout=2).status == 200


def test_timeout_and_refused_connection_are_errors(server):
    assert "timed out" in fetch(f"{server}/slow", timeout=0.3).error
    refused = fetch("http://127.0.0.1:9/", timeout=1)
    assert refused.status is None and refused.error


def test_check_links_stores_results_of_published_resources(server):
    fine = ResourceFactory(url=f"{server}/fine")
    missing = ResourceFactory(url=f"{server}/missing")
    unpublished = draft(url=f"{server}/missing-draft")
    out = io.StringIO()
    call_command("check_links", "--timeout", "2", stdout=out)
    assert "2 link(s) checked, 1 broken" in out.getvalue()
    fine.refresh_from_db()
    missing.refresh_from_db()
    unpublished.refresh_from_db()
    assert fine.link_status == 200 and not fine.link_broken and fine.link_checked_at
    assert missing.link_status == 404 and missing.link_broken
    assert unpublished.link_checked_at is None


def test_link_check_does_not_add_history(server):
    resource = ResourceFactory(url=f"{server}/fine")
    check_links(timeout=2)
    assert resource.history.count() == 1
