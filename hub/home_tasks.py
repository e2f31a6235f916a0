"""The home page's "your open tasks", gathered from every app.

The hub imports neither of the other apps, so they register a provider here from their
AppConfig.ready(): a dotted path to `function(user) -> list[Task]`, and the areas of data
(config/cache_versions.py) its tasks are counted from. A provider with areas is kept per user
and day under those areas' versions, so the counts are computed once after each change, not
on every visit to the home page; a provider without areas (one person's own drafts, which
renew no area) is asked every time.
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone
from django.utils.module_loading import import_string

from config import cache_versions


@dataclass(frozen=True)
class Task:
    """One piece of work: "3 requests waiting on you", linking to them.

    With a count, the home page shows the number large, followed by the text; `detail` is
    one line of context ("Oldest waiting 12 days", "Closes 31 January 2027")."""

    area: str  # "Needs assessment", "Data sharing"...
    text: str
    url: str
    count: int | None = None
    detail: str = ""


@dataclass(frozen=True)
class Provider:
    path: str
    areas: tuple[str, ...] = ()


PROVIDERS: list[Provider] = []


def register(function_path: str, areas: tuple[str, ...] = ()) -> None:
    if all(provider.path != function_path for provider in PROVIDERS):
        PROVIDERS.append(Provider(function_path, tuple(areas)))


def tasks_for(user) -> list[Task]:
    """Every provider's tasks, in the order they registered. The kept ones are read in two
    cache round trips (their areas' versions, then their entries), whatever their number."""
    kept = [provider for provider in PROVIDERS if provider.areas]
    versions = cache_versions.versions({area for p in kept for area in p.areas})
    keys = {provider: _key(provider, user, versions) for provider in kept}
    found = cache.get_many(keys.values())
    tasks: list[Task] = []
    for provider in PROVIDERS:
        compute = import_string(provider.path)
        if provider not in keys:
            tasks.extend(compute(user))
        elif keys[provider] in found:
            tasks.extend(found[keys[provider]])
        else:
            # The versions were read before these counts: never older than their key.
            computed = compute(user)
            cache.set(keys[provider], computed, cache_versions.CACHE_SECONDS)
            tasks.extend(computed)
    return tasks


def _key(provider: Provider, user, versions: dict[str, int]) -> str:
    """Who asks is in the key (their id, agency and roles), and the day: counts such as
    "past its review date" or "oldest waiting 12 days" change with the date alone."""
    roles = ",".join(sorted(user.group_names)) + f",superuser={user.is_superuser}"
    who = hashlib.sha256(f"{user.pk}:{user.agency_id}:{roles}".encode()).hexdigest()[:16]
    read = ":".join(str(versions[area]) for area in provider.areas)
    return f"home-tasks:{provider.path}:{who}:{timezone.localdate().isoformat()}:{read}"
