"""The Redis cache (django-redis), failing soft: while Redis does not answer, reads miss and
writes are skipped, so pages are computed from the database (slower, still correct) instead
of failing.

django-redis rather than Django's own Redis backend: it keeps one client per server, where
Django's builds a new client for every operation (about 0.1 ms each, three to six times a
page: the session, the area's version, the cached fragments).

Everything the app caches can be computed again: sessions are also in PostgreSQL
(cached_db), and every cached fragment is keyed by a version (config.cache_versions). After
a failure the process leaves Redis alone for RETRY_SECONDS, so an outage costs one timeout
per process and period, not one per request.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
# django-redis reports a lost server as ConnectionInterrupted (its IGNORE_EXCEPTIONS, which
# would try the server again on every call, stays off: the pause below is the point).
FAILURES = (ConnectionInterrupted, RedisConnectionError, RedisTimeoutError, OSError)

# Per server, shared by the threads of a process (Django keeps one cache object per thread).
_down_until: dict[str, float] = {}


class ResilientRedisCache(RedisCache):
    """Each public cache method through `_guarded`; nothing of django-redis's client is
    replaced."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self.location = str(server)

    def _guarded(self, default, call, *args, **kwargs):
        location = self.location
        if time.monotonic() < _down_until.get(location, 0.0):
            return default
        try:
            return call(*args, **kwargs)
        except FAILURES as error:
            _down_until[location] = time.monotonic() + RETRY_SECONDS
            logger.warning(
                "Cache unavailable, pages are computed without it for %.0f s: %s",
                RETRY_SECONDS,
                error,
            )
            return default

    def validate_key(self, key):
        """Nothing to check: Redis takes any key. Django's default warns about keys memcached
        would refuse, looping over every character of every key (each list page makes a
        key of some hundred characters)."""

    def get(self, key, default=None, version=None):
        return self._guarded(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._guarded({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._guarded(False, super().has_key, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(False, super().add, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(list(data), super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded(False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._guarded(None, super().delete_many, keys, version)

    def clear(self):
        return self._guarded(None, super().clear)
