"""Check that moving people to the `accounts` app keeps every row (issue 16).

Usage: `python scripts/check_accounts_move.py [--before f01b683] [--database NAME]`
(DATABASE_URL names the server; the scratch database NAME is made on it and dropped after).

It checks out the last commit before the move into a temporary worktree, migrates a new
database with that code and fills it with the demo data (`make setup`'s seeders), then
records row counts and a checksum of the ids (and of the password hashes and group
memberships) of users, agencies, responses and requests. It migrates the same database with
this checkout's code, records the same under the new table names, checks that every row of
before is there unchanged (later migrations may add rows: the agencies of accounts 0003),
and signs every demo user in through the login page. It prints one line per table and
exits 1 on any row lost or changed.
"""

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SEEDERS = [
    ["migrate", "--noinput", "-v", "0"],
    ["seed_demo"],
    ["load_survey", "assessments/data/survey_2024.yaml"],
    ["seed_demo_responses"],
    ["import_resources", "hub/data/existing_resources.csv"],
    ["seed_sharing_demo"],
]
# What must survive, as (label, SQL before the move, SQL after): a count and an md5 of the
# rows' identities in a fixed order.
CHECKS = [
    ("users", "hub_user", "accounts_user", "id::text || ':' || email"),
    ("password hashes", "hub_user", "accounts_user", "id::text || ':' || password"),
    ("agencies", "hub_agency", "accounts_agency", "id::text || ':' || code"),
    ("group memberships", "hub_user_groups", "accounts_user_groups",
     "user_id::text || ':' || group_id::text"),
    ("responses", "assessments_response", "assessments_response",
     "id::text || ':' || agency_id::text"),
    ("sharing requests", "sharing_sharingrequest", "sharing_sharingrequest",
     "id::text || ':' || requesting_agency_id::text || ':' || created_by_id::text"),
]  # fmt: skip
SIGN_IN = """
from django.test import Client
from accounts.management.commands.seed_demo import DEMO_PASSWORD, DEMO_USERS
from accounts.models import User
made = set(User.objects.values_list("email", flat=True))
for email, *_ in DEMO_USERS:
    if email not in made:  # a demo user added after the move (the AI reviewer)
        continue
    client = Client(HTTP_HOST="localhost")
    answer = client.post("/accounts/login/", {"username": email, "password": DEMO_PASSWORD})
    assert answer.status_code == 302 and "_auth_user_id" in client.session, email
    print("signed in:", email)
"""


def snapshot(url: str, after: bool) -> dict:
    """Each check's rows' identities (the demo database holds a few dozen of each)."""
    found = {}
    with psycopg.connect(url) as connection:
        for label, old_table, new_table, identity in CHECKS:
            table = new_table if after else old_table
            rows = connection.execute(f"SELECT {identity} FROM {table}").fetchall()  # noqa: S608  # nosec B608: constants above
            found[label] = {row[0] for row in rows}
    return found


def digest(identities: set) -> str:
    return hashlib.md5(",".join(sorted(identities)).encode(), usedforsecurity=False).hexdigest()


def manage(checkout: Path, url: str, *args: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "1"}
    subprocess.run([PYTHON, "manage.py", *args], cwd=checkout, env=env, check=True)  # noqa: S603


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="f01b683", help="the last commit before the move")
    parser.add_argument("--database", default="accounts_move_check")
    options = parser.parse_args()
    server = urlsplit(
        os.environ.get("DATABASE_URL", "postgresql://postgres:@127.0.0.1:5432/postgres")
    )
    scratch = urlunsplit(server._replace(path=f"/{options.database}"))
    admin = urlunsplit(server._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{options.database}"')
        connection.execute(f'CREATE DATABASE "{options.database}"')
    with tempfile.TemporaryDirectory() as folder:
        old = Path(folder) / "before"
        add = ["git", "worktree", "add", "--detach", str(old), options.before]
        subprocess.run(add, cwd=ROOT, check=True)  # noqa: S603, S607
        try:
            # One process for all of them: each Django start-up costs seconds.
            calls = "".join(f"call_command(*{command!r})\n" for command in SEEDERS)
            manage(
                old,
                scratch,
                "shell",
                "-c",
                f"from django.core.management import call_command\n{calls}",
            )
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(old)], cwd=ROOT)  # noqa: S603, S607
    before = snapshot(scratch, after=False)
    manage(ROOT, scratch, "migrate", "--noinput", "-v", "0")
    after = snapshot(scratch, after=True)
    # Every row before is there after, unchanged; later migrations may add rows (accounts
    # 0003 adds the agencies beyond the 2024 survey's), which are counted, not failed.
    failed = False
    print(f"{'what':<18} {'rows before':>11} {'rows after':>10}  checksum of the rows before")
    for label, *_ in CHECKS:
        kept = before[label] & after[label]
        failed |= kept != before[label]
        if kept != before[label]:
            verdict = f"DIFFERS {digest(before[label])} -> {digest(kept)}"
        else:
            added = len(after[label]) - len(kept)
            verdict = "same" + (f" ({added} rows added by later migrations)" if added else "")
        print(f"{label:<18} {len(before[label]):>11} {len(after[label]):>10}  {verdict}")
    manage(ROOT, scratch, "shell", "-c", SIGN_IN)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE "{options.database}"')
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
