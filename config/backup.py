"""Backups of the configured database with pg_dump / pg_restore (custom format).

The tools come from PG_BIN when set, else from the embedded PostgreSQL's own binaries (so
their version matches its server), else from PATH.
"""

import os
import shutil
import subprocess  # nosec B404 (runs pg_dump and pg_restore only)
from pathlib import Path

from django.db import connections


def tool(name: str) -> str:
    candidates = []
    if os.environ.get("PG_BIN"):
        candidates.append(Path(os.environ["PG_BIN"]) / name)
    try:
        from pgserver._commands import POSTGRES_BIN_PATH

        candidates.append(Path(POSTGRES_BIN_PATH) / name)
    except ImportError:
        pass
    for candidate in candidates:
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if not found:
        raise FileNotFoundError(f"{name} not found: install the PostgreSQL client or set PG_BIN")
    return found


def libpq_args(alias: str = "default", database: str | None = None) -> tuple[list[str], dict]:
    """Connection arguments and environment for a libpq tool, from Django's settings."""
    settings = connections[alias].settings_dict
    args = ["--dbname", database or settings["NAME"]]
    if settings.get("HOST"):
        args += ["--host", settings["HOST"]]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", settings["USER"]]
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return args, env


def backup(path: Path, alias: str = "default", database: str | None = None) -> Path:
    args, env = libpq_args(alias, database)
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(  # noqa: S603  # nosec B603 (fixed tool, arguments from settings)
        [tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(path), *args],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    )
    return path


def restore(path: Path, alias: str = "default", database: str | None = None) -> None:
    """Replace the database's objects by the backup's, in one transaction."""
    args, env = libpq_args(alias, database)
    subprocess.run(  # noqa: S603  # nosec B603 (fixed tool, arguments from settings)
        [
            tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(path),
        ],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    )
