"""A real gunicorn server survives its database restarting: clean errors, then recovery."""

import os
import signal
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path

import psycopg
import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, status: int, seconds: float) -> float:
    """Poll until `url` answers `status`; return how long it took."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        try:
            if requests.get(url, timeout=2).status_code == status:
                return time.monotonic() - start
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer {status} within {seconds}s")


@pytest.fixture
def database(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver
    server = pgserver.get_server(tmp_path / "pg", cleanup_mode="delete")
    yield server
    server.cleanup()


@pytest.fixture
def migrated_copy(database, django_db_setup, tmp_path):
    """This worker's test database, already migrated, copied into the new server: pg_dump
    and pg_restore take seconds where migrating a new database takes about 40. A flush may
    have emptied its tables: the reference data is then copied back from its snapshot."""
    from config import backup
    from tests import reference_data

    dump = tmp_path / "migrated.dump"
    args, env = backup.libpq_args()
    uri = database.get_uri("postgres")
    dump_tool = backup.tool("pg_dump")
    for command, environment in [
        ([dump_tool, "--format=custom", "--no-owner", "--file", str(dump), *args], env),
        ([backup.tool("pg_restore"), "--no-owner", "--exit-on-error", "--dbname", uri, str(dump)],
         None),
    ]:  # fmt: skip
        done = subprocess.run(command, env=environment, capture_output=True, text=True)  # noqa: S603
        assert done.returncode == 0, done.stderr
    with psycopg.connect(uri, autocommit=True) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM accounts_agency)")
        if not cursor.fetchone()[0]:
            reference_data.restore_snapshot(cursor)
    return uri


@pytest.fixture
def served(database, migrated_copy, collected_static):
    port = free_port()
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TEST_DB", "PYTEST"))
    }
    env.update(
        DATABASE_URL=migrated_copy,
        DJANGO_SECRET_KEY="fault-test-" + "x" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        SITE_URL="http://127.0.0.1",
        EMAIL_HOST="127.0.0.1",
        DEFAULT_FROM_EMAIL="hub@example.ct.gov",
        DJANGO_HTTPS="0",
        STATIC_ROOT=str(collected_static),
        LOG_LEVEL="ERROR",
    )
    manage = [sys.executable, "manage.py"]
    # migrate: the copy is up to date, as a deploy's database is after its own migrate.
    for command in (["migrate", "--noinput"], ["seed_demo"]):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, capture_output=True)
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--timeout", "30"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/healthz", 200, 30)
        yield base
    finally:
        gunicorn.terminate()
        gunicorn.wait(10)


def sign_in(base: str) -> requests.Session:
    session = requests.Session()
    session.get(base + "/accounts/login/", timeout=5)
    response = session.post(
        base + "/accounts/login/",
        data={
            "username": "leader@demo.ct.gov",
            "password": "demo-password-2026",
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": base + "/accounts/login/"},
        timeout=5,
    )
    assert response.url == base + "/", response.text[:500]
    return session


@pytest.mark.django_db  # the test database exists: its copy is served (migrated_copy)
def test_database_restart_fails_cleanly_and_recovers_by_itself(database, served):
    session = sign_in(served)
    assert "Welcome, Lee" in session.get(served + "/", timeout=5).text

    # Fast shutdown: the server ends every open connection too, as a crash or restart does.
    database._postmaster_info.process.send_signal(signal.SIGINT)
    database._postmaster_info.process.wait(15)
    wait_for(served + "/healthz", 503, 15)
    page = session.get(served + "/", timeout=10)
    assert page.status_code == 503  # the signed-in session cannot be read: config/outage.py
    assert "Not saved: the service could not reach its database." in page.text
    assert "Traceback" not in page.text

    database.ensure_postgres_running()
    recovered_in = wait_for(served + "/healthz", 200, 15)
    assert recovered_in < 10
    # Every worker's pooled connection was stale: each must reconnect by itself.
    for _ in range(6):
        again = session.get(served + "/", timeout=10)
        assert again.status_code == 200 and "Welcome, Lee" in again.text
