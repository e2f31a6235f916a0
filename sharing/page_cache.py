"""What the sharing pages keep in Django's cache, under keys that keep it fresh and private.

Fresh: every key holds the data version (`DataVersion`) read from the database in the same
request. Triggers bump it in the transaction that changes the data, so the next page view
in any process looks under a new key and sees the change; nothing needs deleting, and a
reader never pairs a new version with old rows.

Private: a piece that depends on who asks holds the asker's `audience` (everything
sharing.permissions decides from) in its key, so one agency's requests are never served to
another agency's users. Statewide pieces (guidance, the register's rows) need no audience.
"""

import hashlib

from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString, mark_safe

from hub import versioned_cache
from sharing import permissions

CACHE_SECONDS = 600  # only bounds memory: a change renews the keys at once
CACHE_FORMAT = 1  # raise when a cached value changes shape, so a deploy reads no old ones

# One text for the asked groups, e.g. "guidance.3.1764067000123456-requests.41.1764067..."
VERSION_SQL = (
    "SELECT coalesce(string_agg(name || '.' || counter || '.' || "
    "floor(extract(epoch FROM changed_at) * 1000000)::bigint, '-' ORDER BY name), '') "
    "FROM sharing_dataversion WHERE name = ANY(%s)"
)


def current_version(*groups: str) -> str:
    """The version of these groups of tables (`DataVersion.GUIDANCE`, `.REQUESTS`)."""
    with connection.cursor() as cursor:
        cursor.execute(VERSION_SQL, [list(groups)])
        return cursor.fetchone()[0]


def version_expression(*groups: str) -> RawSQL:
    """The same, as an annotation: read in the query that loads the rows it versions."""
    return RawSQL(VERSION_SQL, [list(groups)])  # noqa: S611  # nosec B611


def audience(user) -> str:
    """Who is asking, as far as sharing.permissions can tell users apart."""
    return "r{}c{}o{}a{}".format(
        int(permissions.is_reviewer(user)),
        int(permissions.is_curator(user)),
        int(permissions.is_data_officer(user)),
        getattr(user, "agency_id", None) or "-",
    )


def cached(name: str, key_parts: tuple, compute):
    """`compute()`, kept under `name` and the parts (which must hold a version)."""
    digest = hashlib.sha256(repr(key_parts).encode()).hexdigest()
    key = f"sharing:{CACHE_FORMAT}:{name}:{digest}"
    return versioned_cache.get_or_set(key, compute, CACHE_SECONDS)


def cached_html(name: str, key_parts: tuple, render) -> SafeString:
    """Markup from `render()`, kept like `cached`."""
    return as_markup(cached(name, key_parts, lambda: str(render())))


def as_markup(html: str) -> SafeString:
    """Markup read back from the cache: our templates rendered it, so it is escaped."""
    return mark_safe(html)  # noqa: S308  # nosec B308 B703
