"""The link checker reaches only public http(s) addresses, at every redirect hop.

Real servers on loopback stand in for internal services; each counts the requests it gets,
so a test shows that a refused link never reached its server.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from hub.link_check import check_links, fetch
from tests.hub.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def start_server(host, redirect_to=None):
    """A server on `host` that answers 200, or redirects every request to `redirect_to`."""
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_HEAD(self):
            hits.append(self.path)
            if redirect_to:
                self.send_response(302)
                self.send_header("Location", redirect_to)
            else:
                self.send_response(200)
            self.end_headers()

        do_GET = do_HEAD

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer((host, 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://{host}:{httpd.server_address[1]}", hits


@pytest.fixture
def servers():
    started = []

    def start(host="127.0.0.1", redirect_to=None):
        httpd, url, hits = start_server(host, redirect_to)
        started.append(httpd)
        return url, hits

    yield start
    for httpd in started:
        httpd.shutdown()
        httpd.server_close()


def test_loopback_address_is_refused_without_a_request(servers):
    url, hits = servers()
    result = fetch(f"{url}/fine", timeout=2)
    assert result.status is None
    assert "refused" in result.error and "127.0.0.1" in result.error
    assert hits == []


def test_host_name_resolving_to_loopback_is_refused(servers):
    url, hits = servers()
    result = fetch(url.replace("127.0.0.1", "localhost") + "/fine", timeout=2)
    assert result.status is None and "refused" in result.error
    assert hits == []


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://192.168.1.1/",
        "http://172.16.0.1/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://[::1]/",
        "http://[fe80::1]/",
        "http://[::ffff:127.0.0.1]/",
    ],
)
def test_internal_addresses_are_refused(url):
    result = fetch(url, timeout=1)
    assert result.status is None and result.error.startswith("refused")


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/file", "file:///etc/passwd", "gopher://x/"])
def test_only_http_and_https_are_followed(url, settings):
    settings.LINK_CHECK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    result = fetch(url, timeout=1)
    assert result.status is None and result.error.startswith("refused")


def test_allowed_network_is_checked(servers, settings):
    settings.LINK_CHECK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    url, hits = servers()
    assert fetch(f"{url}/fine", timeout=2).status == 200
    assert hits == ["/fine"]


def test_redirect_to_a_refused_address_is_not_followed(servers, settings):
    settings.LINK_CHECK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    internal, internal_hits = servers("127.0.0.2")
    allowed, allowed_hits = servers("127.0.0.1", redirect_to=f"{internal}/secret")
    result = fetch(f"{allowed}/start", timeout=2)
    assert result.status is None
    assert "refused" in result.error and "127.0.0.2" in result.error
    assert allowed_hits == ["/start"]
    assert internal_hits == []


def test_redirect_to_another_scheme_is_not_followed(servers, settings):
    settings.LINK_CHECK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    url, hits = servers(redirect_to="ftp://127.0.0.1/file")
    result = fetch(f"{url}/start", timeout=2)
    assert result.status is None and result.error.startswith("refused")
    assert hits == ["/start"]


def test_allowed_redirects_are_followed_to_the_end(servers, settings):
    settings.LINK_CHECK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    final, final_hits = servers("127.0.0.2")
    first, _ = servers(redirect_to=f"{final}/landing")
    assert fetch(f"{first}/start", timeout=2).status == 200
    assert final_hits == ["/landing"]


def test_endless_redirects_stop(servers, settings):
    settings.LINK_CHECK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    url, hits = servers(redirect_to="/again")
    result = fetch(f"{url}/start", timeout=2)
    assert result.status is None and "redirects" in result.error
    assert len(hits) <= 6


def test_refused_link_is_recorded_as_broken_with_its_reason(servers):
    url, hits = servers()
    resource = ResourceFactory(url=f"{url}/fine")
    assert check_links(timeout=2) == {"checked": 1, "broken": 1}
    resource.refresh_from_db()
    assert resource.link_broken and resource.link_status is None
    assert resource.link_error.startswith("refused")
    assert hits == []
