"""A transition hit by a database fault is fully saved or clearly refused, never half-saved.

The faults are real, in the real database: a trigger or a CHECK constraint that refuses
the log row (written after the state change, in the same transaction), and a trigger that
kills the connection in the middle of the transaction, as when the server goes down.
Transactional tests, so the view's own transaction is the outermost one.
"""

import pytest
from django.core import mail
from django.db import connection

from sharing.models import RequestComment, SharingRequest, State, TransitionLog

pytestmark = pytest.mark.django_db(transaction=True)

FAULTS = {
    "trigger_raises": [
        """CREATE FUNCTION sharing_test_fault() RETURNS trigger AS $$
           BEGIN RAISE EXCEPTION 'log storage unavailable'; END $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER sharing_test_fault BEFORE INSERT OR UPDATE ON {table}
           FOR EACH ROW EXECUTE FUNCTION sharing_test_fault()""",
    ],
    "check_constraint": [
        "ALTER TABLE {table} ADD CONSTRAINT sharing_test_fault CHECK (false) NOT VALID",
    ],
    "connection_killed": [
        """CREATE FUNCTION sharing_test_fault() RETURNS trigger AS $$
           BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); PERFORM pg_sleep(10);
           RETURN NEW; END $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER sharing_test_fault BEFORE INSERT OR UPDATE ON {table}
           FOR EACH ROW EXECUTE FUNCTION sharing_test_fault()""",
    ],
}
CLEANUP = [
    "DROP TRIGGER IF EXISTS sharing_test_fault ON {table}",
    "ALTER TABLE {table} DROP CONSTRAINT IF EXISTS sharing_test_fault",
    "DROP FUNCTION IF EXISTS sharing_test_fault()",
]


def run_sql(statements, table):
    connection.ensure_connection()
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement.format(table=table))


@pytest.fixture
def fault(request):
    """Install a fault on a table; always removed afterwards, even if the test fails."""
    installed = []

    def install(kind, table):
        installed.append(table)
        run_sql(FAULTS[kind], table)

    yield install
    for table in installed:
        connection.close()  # a killed connection is not reused for the cleanup
        run_sql(CLEANUP, table)


@pytest.mark.parametrize("kind", list(FAULTS))
def test_transition_with_failing_log_write_changes_nothing(client, draft, provider, fault, kind):
    SharingRequest.objects.filter(pk=draft.pk).update(state=State.SUBMITTED, version=3)
    client.force_login(provider)
    mail.outbox.clear()
    fault(kind, TransitionLog._meta.db_table)
    reason = "Retention period is missing."

    response = client.post(
        f"/sharing/requests/{draft.pk}/actions/",
        {"action": "reject", "comment": reason, "version": 3, "confirmed": "1"},
    )

    assert response.status_code == 503
    page = response.content.decode()
    assert "Not saved: nothing was changed" in page
    assert reason in page  # what the reviewer typed is handed back
    connection.close()
    draft.refresh_from_db()
    assert (draft.state, draft.version) == (State.SUBMITTED, 3)
    assert not TransitionLog.objects.filter(request=draft).exists()
    assert mail.outbox == []  # nobody is told about a step that did not happen

    run_sql(CLEANUP, TransitionLog._meta.db_table)  # the database is back
    response = client.post(
        f"/sharing/requests/{draft.pk}/actions/",
        {"action": "reject", "comment": reason, "version": 3, "confirmed": "1"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.state, draft.version) == (State.REJECTED, 4)
    assert TransitionLog.objects.get(request=draft).comment == reason


@pytest.mark.parametrize("kind", ["trigger_raises", "connection_killed"])
def test_comment_during_fault_is_refused_clearly(client, draft, provider, fault, kind):
    client.force_login(provider)
    fault(kind, RequestComment._meta.db_table)
    response = client.post(f"/sharing/requests/{draft.pk}/comments/", {"body": "Which years?"})
    assert response.status_code == 503
    assert "Which years?" in response.content.decode()
    connection.close()
    assert not RequestComment.objects.exists()


@pytest.mark.parametrize("kind", ["trigger_raises", "connection_killed"])
def test_wizard_step_during_fault_is_refused_clearly(client, draft, requester, fault, kind):
    client.force_login(requester)
    purpose = "Match wage records to program exits."
    fault(kind, SharingRequest._meta.db_table)
    response = client.post(
        f"/sharing/requests/{draft.pk}/edit/purpose/",
        {"purpose": purpose, "legal_authority": "20 CFR 603.5(e)", "version": draft.version},
    )
    assert response.status_code == 503
    assert purpose in response.content.decode()
    connection.close()
    version = draft.version
    draft.refresh_from_db()
    assert draft.purpose != purpose and draft.version == version


@pytest.mark.parametrize("kind", ["trigger_raises", "connection_killed"])
def test_upload_during_fault_leaves_no_file(
    client, settings, tmp_path, draft, requester, fault, kind
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sharing.models import RequestAttachment

    settings.MEDIA_ROOT = tmp_path
    client.force_login(requester)
    fault(kind, RequestAttachment._meta.db_table)
    response = client.post(
        f"/sharing/requests/{draft.pk}/attachments/",
        {"file": SimpleUploadedFile("plan.pdf", b"%PDF-1.7 plan")},
    )
    assert response.status_code == 503
    connection.close()
    assert not RequestAttachment.objects.exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []  # no orphan on disk
