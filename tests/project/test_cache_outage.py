"""With REDIS_URL set and Redis down, pages are computed from the database, not refused."""

import logging
import socket

import pytest
from django.core.cache import caches
from django.test import override_settings

from config import cache_backend
from tests import factories
from tests.hub.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    """A loopback port nobody listens on: connections are refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_down():
    cache_backend._down_until.clear()
    down = {
        "BACKEND": "config.cache_backend.ResilientRedisCache",
        "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
    }
    with override_settings(
        CACHES={"default": down}, SESSION_ENGINE="django.contrib.sessions.backends.cached_db"
    ):
        yield
    cache_backend._down_until.clear()


def test_every_read_page_answers_while_redis_is_down(redis_down, client, caplog):
    user = factories.reviewer(agency=factories.AgencyFactory(code="OPM"))
    ResourceFactory(title="Census mapping guide", tags=["gis"])
    client.force_login(user)  # the session is written to the database all the same
    with caplog.at_level(logging.WARNING, logger="config.cache_backend"):
        for path in ["/", "/resources/", "/resources/?q=census", "/resources/tags/",
                     "/sharing/", "/sharing/requests/", "/sharing/register/"]:  # fmt: skip
            assert client.get(path).status_code == 200, path
    warnings = [r for r in caplog.records if "Cache unavailable" in r.getMessage()]
    assert len(warnings) == 1  # then Redis is left alone for a few seconds


def test_a_change_shows_at_once_while_redis_is_down(redis_down, client):
    client.force_login(factories.leader(agency=factories.AgencyFactory(code="DSS")))
    ResourceFactory(title="Census mapping guide")
    assert client.get("/resources/?q=census").context["facets"].total == 1
    ResourceFactory(title="Census survey toolkit")
    assert client.get("/resources/?q=census").context["facets"].total == 2


def test_the_backend_reads_miss_and_writes_are_skipped_when_redis_is_down(redis_down):
    cache = caches["default"]
    assert cache.get("k", "fallback") == "fallback"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("k", 1) is False
    assert cache.set("k", 1) is None
    assert cache.delete("k") is False


def test_while_redis_is_down_the_catalog_is_counted_once_per_process_and_change(redis_down, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(factories.leader(agency=factories.AgencyFactory(code="DSS")))
    ResourceFactory(title="Census mapping guide")
    client.get("/resources/")
    with CaptureQueriesContext(connection) as captured:
        again = client.get("/resources/")
    assert not [q for q in captured.captured_queries if "GROUPING SETS" in q["sql"]]
    assert again.context["facets"].total == 1
    ResourceFactory(title="Census survey toolkit")
    assert client.get("/resources/").context["facets"].total == 2


def test_keys_are_not_checked_against_memcached_rules():
    """Redis takes any key; Django's memcached warnings cost a loop over every character."""
    import warnings

    backend = cache_backend.ResilientRedisCache(f"redis://127.0.0.1:{closed_port()}/0", {})
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a CacheKeyWarning would fail the test
        backend.validate_key("a key with spaces " * 20)
        assert backend.make_and_validate_key("k " * 200).endswith("k k ")
