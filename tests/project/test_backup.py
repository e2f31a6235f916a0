"""`make backup` / `make restore`: a populated database round-trips exactly."""

import os

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from tests import factories
from tests.hub.factories import ResourceFactory


def table_fingerprints(dbname: str) -> dict[str, tuple[int, str]]:
    """Row count and an md5 of every row of every public table, in a stable order."""
    settings = connection.settings_dict
    conninfo = psycopg.conninfo.make_conninfo(
        dbname=dbname,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
    )
    with psycopg.connect(conninfo, autocommit=True) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        result = {}
        for table in tables:
            count, digest = conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "  # noqa: S608
                f'FROM "{table}" AS t'
            ).fetchone()
            result[table] = (count, digest)
    return result


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip_a_populated_database(tmp_path):
    factories.leader()
    factories.data_officer()
    factories.curator()
    # The restore must not count the resources' search terms a second time (the triggers
    # that keep those counts are created after the rows are loaded).
    ResourceFactory(title="Census mapping guide", tags=["gis"])
    source = connection.settings_dict["NAME"]
    target = f"restore_check_{os.getpid()}"
    before = table_fingerprints(source)
    assert before["accounts_user"][0] == 3 and before["accounts_agency"][0] >= 20
    assert before["hub_searchtermcount"][0] > 0

    dump = tmp_path / "hub.dump"
    call_command("backup_database", str(dump))
    assert dump.stat().st_size > 1000

    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
        cursor.execute(f'CREATE DATABASE "{target}"')
    try:
        from config import backup

        backup.restore(dump, database=target)
        assert table_fingerprints(target) == before
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')


@pytest.mark.django_db
def test_restore_refuses_a_missing_file():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="No such file"):
        call_command("restore_database", "/nonexistent/backup.dump", yes=True)
