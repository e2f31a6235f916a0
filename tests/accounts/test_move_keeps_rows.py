"""Moving people to the accounts app keeps every row: a database made and filled by the
code before the move, then migrated by this code (scripts/check_accounts_move.py)."""

import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def server_url() -> str:
    """The test server, as a URL the script and both checkouts' settings read."""
    settings = connection.settings_dict
    host, port = settings["HOST"] or "", settings["PORT"] or "5432"
    if host.startswith("/"):  # the embedded server's socket folder
        return f"postgresql://{settings['USER']}:@/postgres?host={host}&port={port}"
    return f"postgresql://{settings['USER']}:{settings['PASSWORD'] or ''}@{host}:{port}/postgres"


def test_a_database_from_before_the_move_keeps_every_row_and_every_sign_in():
    scratch = f"{connection.settings_dict['NAME']}_move"[:60]
    result = subprocess.run(  # noqa: S603
        [sys.executable, "scripts/check_accounts_move.py", "--database", scratch],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": server_url()},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    lines = {line.split("  ")[0]: line for line in result.stdout.splitlines()}
    for what in ("users", "password hashes", "agencies", "group memberships", "responses",
                 "sharing requests"):  # fmt: skip
        assert "DIFFERS" not in lines[what] and " same" in lines[what], lines[what]
    # The agencies beyond the 2024 survey's come with a later migration, beside the kept ones.
    assert "(26 rows added by later migrations)" in lines["agencies"], lines["agencies"]
    assert result.stdout.count("signed in:") == 4
