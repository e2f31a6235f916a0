"""Every connection runs without JIT and without parallel workers for one query (short web
queries served side by side; config/settings.py)."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_connections_run_without_jit_and_parallel_workers():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"
