"""Django's model backend, loading the signed-in user with their agency and groups.

Every page shows the user's agency and role and checks roles through the groups, so the
user, their agency and their groups come from one query per request, not three. The
statement is written once (below) rather than built by the ORM on every request: building
an annotated, joined query costs more Python time than PostgreSQL takes to answer it.
"""

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db import connection

from hub.models import Agency


@cache
def _statement() -> tuple[str, list[str], list[str]]:
    user, agency = get_user_model()._meta, Agency._meta
    user_fields = [f.attname for f in user.concrete_fields]
    agency_fields = [f.attname for f in agency.concrete_fields]
    through = user.get_field("groups").remote_field.through._meta
    columns = [f'u."{f.column}"' for f in user.concrete_fields]
    columns += [f'a."{f.column}"' for f in agency.concrete_fields]
    sql = f"""
        SELECT {", ".join(columns)},
            coalesce(array_agg(g.id ORDER BY g.name) FILTER (WHERE g.id IS NOT NULL), '{{}}'),
            coalesce(array_agg(g.name ORDER BY g.name) FILTER (WHERE g.id IS NOT NULL), '{{}}')
        FROM "{user.db_table}" u
        LEFT JOIN "{agency.db_table}" a ON a.id = u."{user.get_field("agency").column}"
        LEFT JOIN "{through.db_table}" ug ON ug.user_id = u.id
        LEFT JOIN "{Group._meta.db_table}" g ON g.id = ug.group_id
        WHERE u.id = %s
        GROUP BY u.id, a.id
    """  # noqa: S608  # nosec B608 (names from the models' metadata; the id is a parameter)
    return sql, user_fields, agency_fields


def load_user(user_id):
    """The user with `agency` and `groups.all()` filled, or None; one query."""
    sql, user_fields, agency_fields = _statement()
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    n = len(user_fields)
    user = get_user_model().from_db(connection.alias, user_fields, row[:n])
    agency_row = row[n : n + len(agency_fields)]
    user.agency = (
        Agency.from_db(connection.alias, agency_fields, agency_row)
        if agency_row[0] is not None
        else None
    )
    groups = zip(row[-2], row[-1], strict=True)
    remember_groups(user, [Group(id=i, name=name) for i, name in groups])
    return user


def remember_groups(user, groups) -> None:
    """Fill `user.groups.all()` with these groups, as prefetch_related would."""
    queryset = user.groups.get_queryset()
    queryset._result_cache = groups
    queryset._prefetch_done = True
    user._prefetched_objects_cache = {"groups": queryset}


class HubModelBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user = load_user(int(user_id))
        except (TypeError, ValueError):
            return None
        if user is None:
            return None
        return user if self.user_can_authenticate(user) else None
