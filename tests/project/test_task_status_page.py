"""A background task's status page (jobs/): only its starter and superusers see it, the
result file only its starter downloads, and the page shows progress, result or failure."""

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from jobs import services
from jobs.models import TaskRun
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(leader, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    run = TaskRun.objects.create(
        kind="hub.check_links",
        title="Sharing register as Excel (secret-title)",
        started_by=leader,
        status=TaskRun.Status.SUCCEEDED,
        done=10,
        total=10,
        message="3,000 agreements written.",
        result_name="sharing-register.xlsx",
        result_content_type="application/octet-stream",
    )
    run.result_file.save("r.xlsx", ContentFile(b"PK-secret-bytes"))
    return run


def test_the_starter_sees_the_status_page_and_downloads_the_result(client, leader, run):
    client.force_login(leader)
    page = client.get(f"/tasks/{run.pk}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert 'max="100" value="100"' in body and 'aria-live="polite"' in body
    assert "3,000 agreements written." in body and 'data-testid="task-download"' in body
    assert "data-task-poll" not in body  # finished: the page stops asking
    download = client.get(f"/tasks/{run.pk}/result")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"PK-secret-bytes"
    assert download["Content-Disposition"].startswith("attachment")
    assert download["Cache-Control"] == "private, no-store"
    assert client.get(f"/tasks/{run.pk}/progress.json").json()["finished"] is True


@pytest.mark.parametrize("path", ["", "progress.json", "result"])
def test_a_user_of_another_agency_gets_404_and_nothing_of_it(client, run, path):
    client.force_login(factories.data_officer(agency=factories.AgencyFactory(code="DEEP")))
    response = client.get(f"/tasks/{run.pk}/{path}")
    assert response.status_code == 404
    assert b"secret" not in response.content


def test_a_colleague_of_the_same_agency_gets_404_too(client, run, agency):
    client.force_login(factories.leader(agency=agency))
    assert client.get(f"/tasks/{run.pk}/").status_code == 404
    assert client.post(f"/tasks/{run.pk}/retry").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, run):
    for path in ("", "progress.json", "result"):
        response = client.get(f"/tasks/{run.pk}/{path}")
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_superusers_see_the_status_but_only_the_starter_downloads(client, run):
    client.force_login(factories.UserFactory(is_superuser=True, is_staff=True))
    page = client.get(f"/tasks/{run.pk}/").content.decode()
    assert "3,000 agreements written." in page and 'data-testid="task-download"' not in page
    assert client.get(f"/tasks/{run.pk}/result").status_code == 404


def test_a_running_task_shows_its_progress_and_polls(client, leader, run):
    TaskRun.objects.filter(pk=run.pk).update(
        status="running", done=1500, total=3000, message="Writing resources"
    )
    client.force_login(leader)
    body = client.get(f"/tasks/{run.pk}/").content.decode()
    assert 'value="50"' in body and "50% (1,500 of 3,000)" in body
    assert "Running</strong>: Writing resources" in body
    assert f'data-task-poll="/tasks/{run.pk}/progress.json"' in body
    assert 'data-testid="task-retry"' not in body  # running, and not stale
    progress = client.get(f"/tasks/{run.pk}/progress.json").json()
    assert progress == {
        "status": "running", "status_label": "Running", "done": 1500, "total": 3000,
        "percent": 50, "message": "Writing resources", "finished": False,
    }  # fmt: skip


def test_a_run_whose_worker_died_can_be_retried_after_a_while(client, leader, run):
    now = timezone.now()
    TaskRun.objects.filter(pk=run.pk).update(status="running", updated_at=now)
    run.refresh_from_db()
    assert not services.can_retry(run)
    TaskRun.objects.filter(pk=run.pk).update(updated_at=now - services.STALE_AFTER * 2)
    run.refresh_from_db()
    assert services.can_retry(run)
    client.force_login(leader)
    assert 'data-testid="task-retry"' in client.get(f"/tasks/{run.pk}/").content.decode()
    assert client.post(f"/tasks/{run.pk}/retry").status_code == 302
    run.refresh_from_db()
    assert run.status == "queued"
