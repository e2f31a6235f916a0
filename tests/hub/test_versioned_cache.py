"""The two-layer cache for versioned keys: shared cache behind a per-process memory one."""

import pickle

import pytest
from django.core.cache import caches
from django.test import override_settings

from hub import versioned_cache

TWO_LAYERS = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shared"},
    "versioned-local": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "local",
    },
}


@pytest.fixture
def layers():
    with override_settings(CACHES=TWO_LAYERS):
        shared, local = caches["default"], caches["versioned-local"]
        shared.clear()
        local.clear()
        yield shared, local
        shared.clear()
        local.clear()


V = versioned_cache.VERSION


def stored(value):
    """A value as another process's `versioned_cache.set` left it in a layer."""
    return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)


def test_a_value_from_the_shared_cache_is_kept_in_the_process(layers):
    shared, local = layers
    shared.set("k:1", stored("from redis"), version=V)
    assert versioned_cache.get("k:1") == "from redis"
    assert local.get("k:1", version=V) == stored("from redis")
    shared.delete("k:1", version=V)  # the process no longer needs the round trip
    assert versioned_cache.get("k:1") == "from redis"


def test_get_or_set_computes_once_and_stores_in_both_layers(layers):
    shared, local = layers
    calls = []
    compute = lambda: calls.append(1) or {"n": len(calls)}  # noqa: E731
    assert versioned_cache.get_or_set("k:2", compute, 60) == {"n": 1}
    assert versioned_cache.get_or_set("k:2", compute, 60) == {"n": 1}
    assert calls == [1]
    assert shared.get("k:2", version=V) == local.get("k:2", version=V) == stored({"n": 1})


def test_a_caller_cannot_change_what_the_next_request_gets(layers):
    versioned_cache.set("k:3", {"rows": [1, 2]}, 60)
    first = versioned_cache.get("k:3")
    first["rows"].append(3)
    assert versioned_cache.get("k:3") == {"rows": [1, 2]}


def test_get_many_reads_the_shared_cache_only_for_what_the_process_lacks(layers):
    shared, local = layers
    local.set("k:a", stored("local a"), version=V)
    shared.set("k:a", stored("shared a"), version=V)
    shared.set("k:b", stored("shared b"), version=V)
    assert versioned_cache.get_many(["k:a", "k:b", "k:c"]) == {"k:a": "local a", "k:b": "shared b"}
    assert local.get("k:b", version=V) == stored("shared b")


def test_delete_many_empties_both_layers(layers):
    shared, local = layers
    versioned_cache.set("k:d", "x", 60)
    versioned_cache.delete_many(["k:d"])
    assert shared.get("k:d", version=V) is None and local.get("k:d", version=V) is None


class CountsPickling:
    times = 0

    def __reduce__(self):
        CountsPickling.times += 1
        return (CountsPickling, ())


def test_a_value_is_pickled_once_for_both_layers(layers):
    shared, local = layers
    CountsPickling.times = 0
    versioned_cache.set("k:e", CountsPickling(), 60)
    assert CountsPickling.times == 1
    assert shared.get("k:e", version=V) == local.get("k:e", version=V) == stored(CountsPickling())
    assert isinstance(versioned_cache.get("k:e"), CountsPickling)


def test_an_earlier_releases_entry_under_the_same_name_is_not_read(layers):
    """Before values were stored as pickles, the same names held the values themselves."""
    shared, local = layers
    shared.set("k:f", b'{"json": "body"}')
    local.set("k:f", {"rows": [1]})
    assert versioned_cache.get("k:f") is None
    assert versioned_cache.get_or_set("k:f", lambda: "computed", 60) == "computed"
