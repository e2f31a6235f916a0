"""Django's cache for keys whose *name* changes with the data (a version or generation in
the key), with a small memory cache in each process in front of the shared one.

A value stored under such a key never changes, so a process may keep it: the next page view
reads the current version (from the database or the shared cache) and so looks under the
new key. The memory layer saves the round trip to Redis and the transfer of big values
(a thousand-row tag list, a results page's charts) on every request. Values are pickled
once and the same bytes go to both layers (each layer's own pickling of bytes is a copy),
so a caller can never change what the next request gets.

Used by the hub (catalog generation), the needs assessment (results version) and data
sharing (data versions). Keys that are deleted to invalidate must not use this module.
"""

import pickle  # nosec B403: only this process and the shared cache write these bytes

from django.core.cache import cache, caches

LOCAL = "versioned-local"
# The cache's own key version for these entries (Django puts it in every key): raised when
# the way values are stored changes, so that no release reads another's. 2: as pickles.
VERSION = 2


def _local():
    return caches[LOCAL]


def _value(stored):
    """What was stored: every value is kept as its pickle (`set`)."""
    if stored is None:
        return None
    return pickle.loads(stored)  # noqa: S301  # nosec B301: written by `set` only


def get(key):
    stored = _local().get(key, version=VERSION)
    if stored is None:
        stored = cache.get(key, version=VERSION)
        if stored is not None:
            _local().set(key, stored, version=VERSION)
    return _value(stored)


def get_many(keys) -> dict:
    found = _local().get_many(keys, version=VERSION)
    missing = [k for k in keys if k not in found]
    if missing:
        shared = cache.get_many(missing, version=VERSION)
        if shared:
            _local().set_many(shared, version=VERSION)
        found.update(shared)
    return {key: _value(stored) for key, stored in found.items()}


def set(key, value, timeout) -> None:  # noqa: A001 (the cache API's name)
    stored = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    cache.set(key, stored, timeout, version=VERSION)
    _local().set(key, stored, version=VERSION)


def get_or_set(key, compute, timeout):
    """The value under `key`, computed and stored in both layers when neither has it."""
    value = get(key)
    if value is None:
        value = compute()
        set(key, value, timeout)
    return value


def delete_many(keys) -> None:
    """Drop entries from both layers of this process (benchmarks' cold runs; never needed
    for freshness)."""
    cache.delete_many(keys, version=VERSION)
    _local().delete_many(keys, version=VERSION)
