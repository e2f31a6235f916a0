"""Scheduled jobs (config/schedule.py): each declared once with its time and its own lock,
and a real worker process, started as `make run` and docker-compose start it, runs a job
queued in the test database."""

import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.db import connection
from procrastinate.contrib.django import app
from procrastinate.contrib.django.models import ProcrastinateJob
from procrastinate.exceptions import AlreadyEnqueued

from config import schedule
from tests.hub.factories import ResourceFactory

ROOT = Path(__file__).resolve().parents[2]


def test_every_job_has_its_time_and_a_lock_of_its_own():
    periodic = {p.task.name: p for p in app.periodic_registry.periodic_tasks.values()}
    assert {name: p.cron for name, p in periodic.items()} == {
        "weekly_link_check": "0 7 * * 0",
        "daily_watch_digests": "0 11 * * *",
        "daily_sharing_reminders": "30 11 * * *",
        "daily_survey_reminders": "0 12 * * *",
        "weekly_review_reminders": "0 12 * * 1",
        "monthly_inventory_reminders": "0 12 1 9-12 *",
    }
    for name, p in periodic.items():
        assert p.task.lock == name and p.task.queueing_lock == name


@pytest.fixture
def empty_queue(transactional_db):
    """Committed jobs outlive a transactional test's flush (procrastinate's tables are not
    Django's to flush): each test starts and ends with an empty queue."""

    def empty():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM procrastinate_jobs")

    empty()
    yield
    empty()


def test_a_job_is_not_queued_twice_while_one_waits(empty_queue):
    schedule.daily_sharing_reminders.defer(timestamp=1)
    with pytest.raises(AlreadyEnqueued):
        schedule.daily_sharing_reminders.defer(timestamp=2)
    assert ProcrastinateJob.objects.filter(task_name="daily_sharing_reminders").count() == 1


class Missing(BaseHTTPRequestHandler):
    def do_HEAD(self):
        self.send_response(404)
        self.end_headers()

    def do_GET(self):
        self.do_HEAD()

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Missing)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def subprocess_database_url() -> str:
    """The test database, as a URL a subprocess's settings read."""
    s = connection.settings_dict
    user, port, name = s["USER"], s["PORT"] or 5432, s["NAME"]
    if (s["HOST"] or "").startswith("/"):  # the embedded server's socket folder
        return f"postgresql://{user}:@/{name}?host={s['HOST']}&port={port}"
    return f"postgresql://{user}:{s['PASSWORD'] or ''}@{s['HOST']}:{port}/{name}"


def test_a_real_worker_process_runs_the_queued_link_check(empty_queue, server):
    broken = ResourceFactory(url=f"{server}/gone")
    schedule.weekly_link_check.defer(timestamp=0)
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_DEBUG"}},
        "DATABASE_URL": subprocess_database_url(),
        "DJANGO_SECRET_KEY": "worker-test-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "SITE_URL": "http://localhost",
        "EMAIL_HOST": "127.0.0.1",
        "DEFAULT_FROM_EMAIL": "hub@example.ct.gov",
        "LINK_CHECK_ALLOWED_NETWORKS": "127.0.0.0/8",  # the local server stands for the web
    }
    worker = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "procrastinate", "worker", "--one-shot"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert worker.returncode == 0, worker.stderr[-3000:]
    job = ProcrastinateJob.objects.get(task_name="weekly_link_check")
    assert job.status == "succeeded"
    broken.refresh_from_db()
    assert broken.link_broken and broken.link_status == 404


@pytest.mark.django_db
def test_curators_read_each_run_in_the_admin_and_leaders_do_not(curator_client, client, leader):
    schedule.weekly_link_check.defer(timestamp=0)
    runs = curator_client.get("/admin/procrastinate/procrastinatejob/")
    assert runs.status_code == 200
    assert "weekly_link_check" in runs.content.decode()
    client.force_login(leader)
    assert client.get("/admin/procrastinate/procrastinatejob/").status_code == 302  # not staff
