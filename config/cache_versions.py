"""The project's one cache mechanism: a version number per area of data, part of the key of
everything cached about that area.

A service that writes an area calls `changed(area)` inside its transaction; the version is
renewed when the transaction commits, so the next page in any process reads the new version,
looks under new keys and computes its fragments again. Nothing is deleted; old entries
expire. A view reads the version (`version(area)`) and puts it in the template's context,
and the template caches with Django's own tag, keyed by it and by what the fragment shows:

    {% load cache %}
    {% cache CACHE_SECONDS "survey-results" survey.pk results_version %}...{% endcache %}

A fragment that depends on who is asking has the user's id in its key; the CSRF token, the
user menu and per-user buttons stay outside every fragment.

Why a fragment is never older than its version: the version is read before the data, and
data and version change in that order (the version only after the commit), so what is stored
under a version was read at or after the moment that version was given out.

Without REDIS_URL each process has its own memory cache, versions included: a change made in
one process reaches another's pages only when their entries expire (CACHE_SECONDS). That is
right for one process (runserver, the tests); production runs Redis (README, "Performance").
"""

import time

from django.core.cache import cache
from django.db import transaction

CATALOG = "catalog"
SURVEY_RESULTS = "survey-results"
SHARING = "sharing"
AREAS = (CATALOG, SURVEY_RESULTS, SHARING)

# How long a fragment is kept. Freshness does not depend on it (a change renews the key); it
# bounds the memory old versions take, and the staleness between processes without Redis.
CACHE_SECONDS = 600


def _key(area: str) -> str:
    return f"version:{area}"


def _new_version() -> int:
    # The clock, not a counter: a version lost with the cache (eviction, restart) is never
    # given out again, so no fragment stored under it can come back.
    return time.time_ns()


def version(area: str) -> int:
    """The area's current version (one cache read; the first reader after a loss sets it)."""
    value = cache.get(_key(area))
    if value is None:
        value = _new_version()
        if not cache.add(_key(area), value, None):
            value = cache.get(_key(area), value)
    return value


def versions(areas) -> dict[str, int]:
    """Several areas' current versions, read in one cache round trip."""
    found = cache.get_many([_key(area) for area in areas])
    return {area: found.get(_key(area)) or version(area) for area in areas}


def changed(area: str) -> None:
    """Renew the area's version once the current transaction commits (at once outside one)."""
    if area not in AREAS:
        raise ValueError(f"unknown cache area {area!r}")
    transaction.on_commit(lambda: cache.set(_key(area), _new_version(), None))
