"""The reference data that the data migrations load, put back after a flush in one copy.

A transactional test (browser, concurrency) ends with a flush that empties every table,
reference data included (agencies, role groups and their permissions, topic tags, the
guidance library). Re-running the data migrations takes seconds per test (the guidance alone
about four); copying the rows back from a snapshot taken once per test database takes a few
milliseconds. The snapshot lives in its own schema, which the flush does not touch.
"""

from django.db import connection

SCHEMA = "reference_snapshot"


def _tables_with_rows(cursor) -> list[str]:
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    found = []
    for table in sorted(tables):
        cursor.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")')  # noqa: S608 (table names)
        if cursor.fetchone()[0]:
            found.append(table)
    return found


def take_snapshot() -> None:
    """Copy every table that holds rows right after migrating (and reloading, if a reused
    database was left flushed) into the snapshot schema."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        cursor.execute(f"CREATE SCHEMA {SCHEMA}")
        for table in _tables_with_rows(cursor):
            cursor.execute(f'CREATE TABLE {SCHEMA}."{table}" AS TABLE "{table}"')


def restore_snapshot(cursor=None) -> None:
    """Put the snapshot's rows back into the flushed tables, in one transaction. The flush's
    post_migrate signal made content types and permissions again under new ids: the
    snapshot's rows replace them, so that group permissions point at the ids they were
    loaded with. Foreign keys and triggers are not checked while copying
    (`session_replication_role`): the rows are the ones the migrations wrote, already
    consistent with each other. `cursor`: another server's (a copy of this database)."""
    if cursor is None:
        with connection.cursor() as cursor:
            return restore_snapshot(cursor)
    cursor.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
        [SCHEMA],
    )
    tables = [name for (name,) in cursor.fetchall()]
    cursor.execute("BEGIN")
    cursor.execute("SET LOCAL session_replication_role = replica")
    for table in tables:  # what the flush's post_migrate made again, under new ids
        cursor.execute(f'DELETE FROM "{table}"')  # noqa: S608 (table names)
    for table in tables:
        cursor.execute(f'INSERT INTO "{table}" SELECT * FROM {SCHEMA}."{table}"')  # noqa: S608
    cursor.execute("COMMIT")
