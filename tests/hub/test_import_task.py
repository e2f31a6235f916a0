"""An admin CSV import of more than 1,000 rows runs as a background task (jobs/, hub/tasks.py):
still one transaction, its progress readable from another connection while it is open, a
failure midway leaves no row and can be retried, and a real worker process runs it."""

import io
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from procrastinate.contrib.django.models import ProcrastinateJob

from hub import resource_csv, tasks
from hub.catalog_models import Resource
from jobs import services
from jobs.models import TaskRun
from jobs.progress import Progress
from tests.project.test_scheduled_jobs import subprocess_database_url

ROOT = Path(__file__).resolve().parents[2]
HEADER = "title,url,resource_type,tags,provider\n"
BOTH = ["default", "progress"]


def csv_of(rows: int, bad_line: int | None = None) -> bytes:
    lines = [HEADER]
    for n in range(rows):
        kind = "nonsense" if bad_line == n + 2 else "guidance"
        lines.append(f"Resource {n},https://example.ct.gov/r/{n},{kind},gis;census,\n")
    return "".join(lines).encode()


def upload(rows: int, **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile("resources.csv", csv_of(rows, **kwargs), content_type="text/csv")


@pytest.fixture
def empty_queue(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs")
    yield
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs")


def outside_connection():
    """A connection of its own to the test database: it sees only what is committed."""
    s = connection.settings_dict
    return psycopg.connect(
        dbname=s["NAME"], user=s["USER"], host=s["HOST"] or None, port=s["PORT"] or None,
        password=s["PASSWORD"] or None, autocommit=True,
    )  # fmt: skip


@pytest.mark.django_db
def test_the_admin_queues_a_large_file_and_shows_its_status_page(
    curator_client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = curator_client.post(
        "/admin/hub/resource/import/", {"file": upload(tasks.IMPORT_TASK_ROWS + 1)}
    )
    run = TaskRun.objects.get()
    assert response.status_code == 302 and response.url == f"/tasks/{run.pk}/"
    assert run.kind == "hub.import_resources" and run.status == "queued"
    assert ProcrastinateJob.objects.filter(task_name="jobs.run", args={"run_id": run.pk}).exists()
    assert Resource.objects.count() == 0  # nothing yet: the worker imports it
    page = curator_client.get(response.url)
    assert page.status_code == 200
    assert "Import of 1,001 resources" in page.content.decode()


@pytest.mark.django_db
def test_a_file_of_1000_rows_is_still_imported_at_once(curator_client):
    response = curator_client.post("/admin/hub/resource/import/", {"file": upload(1000)})
    assert response.status_code == 302 and response.url == "/admin/hub/resource/"
    assert Resource.objects.count() == 1000 and not TaskRun.objects.exists()


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_progress_is_readable_from_another_connection_while_the_import_is_open(
    empty_queue, curator, monkeypatch
):
    run = tasks.start_import(curator, upload(1500), 1500)
    seen = []
    step = Progress.step

    def step_and_look(self, done, total=None, message=None):
        step(self, done, total, message)
        if message == "Writing tags and search index":  # every resource written, not committed
            with outside_connection() as other:
                progress_row = other.execute(
                    "SELECT status, done, total, message FROM jobs_taskrun WHERE id = %s",
                    [run.pk],
                ).fetchone()
                resources = other.execute("SELECT count(*) FROM hub_resource").fetchone()[0]
            seen.append((progress_row, resources))

    monkeypatch.setattr(Progress, "step", step_and_look)
    assert services.execute(run.pk) == "succeeded"
    [(progress_row, resources_outside)] = seen
    assert progress_row == ("running", 2999, 3000, "Writing tags and search index")
    assert resources_outside == 0  # the import's transaction was still open
    run.refresh_from_db()
    assert run.status == "succeeded" and run.done == run.total == 3000
    assert run.message == "Import done: 1,500 created, 0 updated, 0 unchanged."
    assert Resource.objects.count() == 1500


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_a_failure_midway_leaves_no_row_and_a_retry_imports_the_file(
    empty_queue, curator, monkeypatch
):
    run = tasks.start_import(curator, upload(1500), 1500)
    write_tags = resource_csv._write_tags

    def dies_after_writing_resources(*args):
        raise RuntimeError("the worker's connection dropped")

    monkeypatch.setattr(resource_csv, "_write_tags", dies_after_writing_resources)
    assert services.execute(run.pk) == "failed"
    run.refresh_from_db()
    assert run.status == "failed" and run.error == services.UNEXPECTED
    assert run.input_file  # kept for the retry
    assert Resource.objects.count() == 0

    monkeypatch.setattr(resource_csv, "_write_tags", write_tags)
    assert services.retry(run)
    run.refresh_from_db()
    assert run.status == "queued" and run.error == ""
    assert ProcrastinateJob.objects.filter(task_name="jobs.run").count() == 2
    assert services.execute(run.pk) == "succeeded"
    run.refresh_from_db()
    assert run.status == "succeeded" and run.attempts == 2
    assert not run.input_file  # applied: the uploaded file is not kept
    assert Resource.objects.count() == 1500
    assert not services.retry(run)  # a run that succeeded is not run again


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_a_rejected_file_fails_with_its_line_numbered_reasons(empty_queue, curator, client):
    run = tasks.start_import(curator, upload(1500, bad_line=1201), 1500)
    assert services.execute(run.pk) == "failed"
    run.refresh_from_db()
    assert run.error == "line 1201: unknown resource_type 'nonsense'"
    assert Resource.objects.count() == 0
    client.force_login(curator)
    page = client.get(f"/tasks/{run.pk}/").content.decode()
    assert "Failed: nothing was saved" in page
    assert "line 1201: unknown resource_type &#x27;nonsense&#x27;" in page
    assert 'data-testid="task-retry"' in page


def worker_env(settings) -> dict:
    return {
        **{k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_DEBUG"}},
        "DATABASE_URL": subprocess_database_url(),
        "DJANGO_SECRET_KEY": "worker-test-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "SITE_URL": "http://localhost",
        "EMAIL_HOST": "127.0.0.1",
        "DEFAULT_FROM_EMAIL": "hub@example.ct.gov",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }


def run_worker(settings):
    worker = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "procrastinate", "worker", "--one-shot"],
        cwd=ROOT, env=worker_env(settings), capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert worker.returncode == 0, worker.stderr[-3000:]


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_a_real_worker_process_runs_a_queued_import(empty_queue, curator, settings):
    run = tasks.start_import(curator, upload(1200), 1200)
    run_worker(settings)
    run.refresh_from_db()
    assert run.status == "succeeded", run.error
    assert ProcrastinateJob.objects.get(task_name="jobs.run").status == "succeeded"
    assert Resource.objects.count() == 1200
    assert Resource.objects.filter(created_by=curator).count() == 1200


def test_count_rows_reads_the_upload_and_leaves_it_at_the_start():
    file = io.BytesIO(csv_of(3))
    assert tasks.count_rows(file) == 3 and file.tell() == 0


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_a_worker_killed_mid_import_leaves_no_row_and_the_run_can_be_retried(
    empty_queue, curator, settings
):
    import time

    run = tasks.start_import(curator, upload(5000), 5000)
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "procrastinate", "worker", "--one-shot"],
        cwd=ROOT, env=worker_env(settings), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while TaskRun.objects.get(pk=run.pk).message != "Writing resources":
            assert worker.poll() is None and time.monotonic() < deadline, "no write phase seen"
            time.sleep(0.02)
    finally:
        worker.kill()  # SIGKILL: no clean-up in the worker, its connection simply drops
        worker.wait(timeout=30)
    run.refresh_from_db()
    assert run.status == "running" and run.done >= 5000  # it was writing when it died
    assert Resource.objects.count() == 0  # its transaction never committed
    assert not services.can_retry(run)  # not yet: it might still be working
    TaskRun.objects.filter(pk=run.pk).update(updated_at=run.updated_at - services.STALE_AFTER)
    run.refresh_from_db()
    assert services.retry(run)
    run_worker(settings)
    run.refresh_from_db()
    assert run.status == "succeeded" and run.attempts == 2
    assert Resource.objects.count() == 5000
