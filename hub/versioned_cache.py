"""Django's cache for keys whose *name* changes with the data (a version or generation in
the key), with a small memory cache in each process in front of the shared one.

A value stored under such a key never changes, so a process may keep it: the next page view
reads the current version (from the database or the shared cache) and so looks under the
new key. The memory layer saves the round trip to Redis and the transfer of big values
(a thousand-row tag list, a results page's charts) on every request. Values are pickled in
both layers, so a caller can never change what the next request gets.

Used by the hub (catalog generation), the needs assessment (results version) and data
sharing (data versions). Keys that are deleted to invalidate must not use this module.
"""

from django.core.cache import cache, caches

LOCAL = "versioned-local"


def _local():
    return caches[LOCAL]


def get(key):
    value = _local().get(key)
    if value is None:
        value = cache.get(key)
        if value is not None:
            _local().set(key, value)
    return value


def get_many(keys) -> dict:
    found = _local().get_many(keys)
    missing = [k for k in keys if k not in found]
    if missing:
        shared = cache.get_many(missing)
        if shared:
            _local().set_many(shared)
        found.update(shared)
    return found


def set(key, value, timeout) -> None:  # noqa: A001 (the cache API's name)
    cache.set(key, value, timeout)
    _local().set(key, value)


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
    cache.delete_many(keys)
    _local().delete_many(keys)
