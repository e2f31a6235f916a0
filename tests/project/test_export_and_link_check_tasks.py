"""Long exports and the curators' link check run as background tasks (jobs/): the page
queues the work and sends its starter to the status page; the worker's run makes the file
(downloadable by its starter only) or records the links."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO

import pytest
from django.db import connection
from openpyxl import load_workbook

from assessments import tasks as assessment_tasks
from hub import tasks as hub_tasks
from jobs import services
from jobs.models import TaskRun
from sharing import tasks as sharing_tasks
from tests import factories
from tests.assessments.factories import mini_survey
from tests.hub.factories import ResourceFactory
from tests.sharing.factories import executed

BOTH = ["default", "progress"]
pytestmark = pytest.mark.django_db(transaction=True, databases=BOTH)


@pytest.fixture(autouse=True)
def media_and_queue(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    yield
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs")


def finish(client, response) -> TaskRun:
    """The run the page queued, run as the worker runs it."""
    run = TaskRun.objects.get()
    assert response.status_code == 302 and response.url == f"/tasks/{run.pk}/"
    assert services.execute(run.pk) == "succeeded", TaskRun.objects.get().error
    run.refresh_from_db()
    return run


def test_a_long_register_download_is_made_by_the_worker_for_its_starter(
    client, leader, monkeypatch
):
    for _ in range(3):
        executed()
    monkeypatch.setattr(sharing_tasks, "REGISTER_TASK_ROWS", 2)
    client.force_login(leader)
    run = finish(client, client.get("/sharing/register.xlsx"))
    assert run.done == run.total == 3
    assert run.message == "The register's 3 agreements are ready to download."
    download = client.get(f"/tasks/{run.pk}/result")
    assert download["Content-Disposition"] == 'attachment; filename="sharing-register.xlsx"'
    sheet = load_workbook(BytesIO(b"".join(download.streaming_content))).active
    assert sheet.max_row == 4  # the header and three agreements
    client.force_login(factories.data_officer(agency=factories.AgencyFactory(code="DEEP")))
    assert client.get(f"/tasks/{run.pk}/result").status_code == 404


def test_a_short_register_download_is_still_immediate(client, leader):
    executed()
    client.force_login(leader)
    answer = client.get("/sharing/register.xlsx")
    assert answer.status_code == 200 and not TaskRun.objects.exists()


@pytest.mark.parametrize(
    ("path", "name", "magic"),
    [
        ("results.xlsx", "mini-2024-results.xlsx", b"PK"),
        ("report.pdf", "mini-2024-report.pdf", b"%PDF-"),
    ],
)
def test_a_large_surveys_workbook_and_report_are_made_by_the_worker(
    client, leader, monkeypatch, path, name, magic
):
    survey = mini_survey()
    monkeypatch.setattr(assessment_tasks, "EXPORT_TASK_RESPONSES", -1)  # every survey is large
    client.force_login(leader)
    run = finish(client, client.get(f"/assessments/{survey.key}/{path}"))
    assert run.result_name == name
    content = b"".join(client.get(f"/tasks/{run.pk}/result").streaming_content)
    assert content.startswith(magic)


class Half(BaseHTTPRequestHandler):
    def do_HEAD(self):
        self.send_response(404 if self.path.endswith("gone") else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_curator_starts_the_link_check_and_sees_it_done(client, curator, settings):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Half)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    settings.LINK_CHECK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    try:
        gone = ResourceFactory(url=f"{base}/gone")
        ResourceFactory(url=f"{base}/here")
        client.force_login(curator)
        assert 'data-testid="check-links"' in client.get("/resources/curation/").content.decode()
        run = finish(client, client.post("/resources/curation/check-links/"))
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert run.kind == "hub.check_links" and run.done == run.total == 2
    assert run.message == "2 link(s) checked, 1 broken."
    gone.refresh_from_db()
    assert gone.link_status == 404
    page = client.get(f"/tasks/{run.pk}/").content.decode()
    assert "2 link(s) checked, 1 broken." in page and 'href="/resources/curation/"' in page


def test_a_second_click_opens_the_link_check_already_waiting(client, curator):
    client.force_login(curator)
    first = client.post("/resources/curation/check-links/")
    second = client.post("/resources/curation/check-links/")
    assert first.url == second.url and TaskRun.objects.count() == 1


def test_only_curators_start_the_link_check(client, leader):
    client.force_login(leader)
    assert client.post("/resources/curation/check-links/").status_code == 403
    assert client.get("/resources/curation/check-links/").status_code == 405
    assert not TaskRun.objects.exists()
    assert hub_tasks.IMPORT_TASK_ROWS == 1000
