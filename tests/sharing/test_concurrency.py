"""Real parallel database connections racing on one request: row locks keep it consistent.

Each thread has its own connection (Django's are per thread), waits at a Barrier so all
start together, and closes its connection when done. Transactional tests: the rows must
be committed for other connections to see them.
"""

import threading
import time

import psycopg
import pytest
from django.db import connection
from django.test import Client

from sharing import workflow
from sharing.models import RequestComment, SharingRequest, State, TransitionLog
from tests.parallel import run_together as _run_together

pytestmark = pytest.mark.django_db(transaction=True)
CHANGED = "This request changed since you opened it"


def run_together(*jobs):
    return _run_together(*jobs, raise_errors=True)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def submitted(draft):
    SharingRequest.objects.filter(pk=draft.pk).update(state=State.SUBMITTED, version=5)
    draft.refresh_from_db()
    return draft


def post_action(client, sr, action, comment=""):
    def job():
        return client.post(
            f"/sharing/requests/{sr.pk}/actions/",
            {"action": action, "version": sr.version, "comment": comment, "confirmed": "1"},
        )

    return job


@pytest.mark.parametrize("round_", range(3))
def test_two_approves_one_wins(draft, provider, sharing_reviewer, round_):
    sr = submitted(draft)
    responses = run_together(
        post_action(logged_in(provider), sr, "approve"),
        post_action(logged_in(sharing_reviewer), sr, "approve"),
    )
    assert sorted(r.status_code for r in responses) == [302, 409]
    loser = next(r for r in responses if r.status_code == 409)
    assert CHANGED in loser.content.decode()
    sr.refresh_from_db()
    assert sr.state == State.APPROVED and sr.version == 6
    assert TransitionLog.objects.filter(request=sr).count() == 1


@pytest.mark.parametrize("round_", range(3))
def test_approve_against_reject(draft, provider, sharing_reviewer, round_):
    sr = submitted(draft)
    reason = f"Not the minimum necessary (round {round_})."
    responses = run_together(
        post_action(logged_in(provider), sr, "approve"),
        post_action(logged_in(sharing_reviewer), sr, "reject", reason),
    )
    codes = [r.status_code for r in responses]
    assert sorted(codes) == [302, 409]
    sr.refresh_from_db()
    log = TransitionLog.objects.get(request=sr)
    if codes[0] == 302:
        assert sr.state == State.APPROVED and log.action == "approve"
    else:
        assert sr.state == State.REJECTED and log.action == "reject" and log.comment == reason
        # The loser's page says the request changed (its typed reason would be kept).
    loser = responses[codes.index(409)]
    assert CHANGED in loser.content.decode()
    if codes[1] == 409:
        assert reason in loser.content.decode()  # the reviewer's reason is not lost
    assert sr.version == 6


def test_row_lock_without_versions(draft, provider, sharing_reviewer, sharing_curator):
    """Even callers that skip the version check cannot both move the request."""
    sr = submitted(draft)

    def approve(user):
        def job():
            try:
                workflow.apply_transition(sr.pk, user, "approve", version=None)
                return "won"
            except workflow.NotAllowed:
                return "refused"

        return job

    results = run_together(*(approve(u) for u in [provider, sharing_reviewer] * 3))
    assert sorted(results) == ["refused"] * 5 + ["won"]
    assert TransitionLog.objects.filter(request=sr, action="approve").count() == 1
    sr.refresh_from_db()
    assert sr.state == State.APPROVED and sr.version == 6


def test_parallel_wizard_saves(draft, requester):
    version = draft.version
    texts = ["Purpose written by the first tab.", "Purpose written by the second tab."]

    def save(text):
        client = logged_in(requester)

        def job():
            return client.post(
                f"/sharing/requests/{draft.pk}/edit/purpose/",
                {"purpose": text, "legal_authority": "20 CFR 603.5(e)", "version": version},
            )

        return job

    responses = run_together(*(save(t) for t in texts))
    codes = [r.status_code for r in responses]
    assert sorted(codes) == [302, 409]
    draft.refresh_from_db()
    assert draft.purpose == texts[codes.index(302)]
    assert draft.version == version + 1
    loser = responses[codes.index(409)].content.decode()
    assert texts[codes.index(409)] in loser  # the losing tab's entries are shown, not lost


def test_parallel_comments_all_kept(draft, requester, provider, sharing_reviewer):
    users = [requester, provider, sharing_reviewer] * 3

    def comment(index, user):
        client = logged_in(user)

        def job():
            return client.post(
                f"/sharing/requests/{draft.pk}/comments/", {"body": f"Comment number {index}"}
            )

        return job

    responses = run_together(*(comment(i, u) for i, u in enumerate(users)))
    assert [r.status_code for r in responses] == [302] * len(users)
    bodies = set(RequestComment.objects.filter(request=draft).values_list("body", flat=True))
    assert bodies == {f"Comment number {i}" for i in range(len(users))}


def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0


def test_comment_committing_while_a_transition_waits_does_not_deadlock(draft, requester, provider):
    """A comment's open transaction holds a key-share lock on its request (its foreign key);
    a transition meanwhile locks the request's row. The transition's lock must let the
    comment through: neither waits for ever, and both are saved. (The data version row the
    comment also held is gone with issue 16; the transition may now finish before the
    comment commits, so the test waits for whichever comes first.)"""
    settings = connection.settings_dict
    writer = psycopg.connect(
        dbname=settings["NAME"], host=settings["HOST"], user=settings["USER"],
        port=settings["PORT"] or None, autocommit=False,
    )  # fmt: skip
    writer.execute(
        "INSERT INTO sharing_requestcomment (request_id, author_id, body, created_at) "
        "VALUES (%s, %s, 'Which years?', now())",
        [draft.pk, provider.pk],
    )  # holds a key-share lock on the request until commit
    outcome = {}

    def submit():
        try:
            outcome["log"] = workflow.apply_transition(
                draft.pk, requester, "submit", version=None, notify=False
            )
        except Exception as error:  # noqa: BLE001 - the test reports it
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=submit)
    thread.start()
    deadline = time.monotonic() + 10
    while thread.is_alive() and not _waiting_on_a_lock() and time.monotonic() < deadline:
        time.sleep(0.05)
    writer.commit()  # the foreign key check runs now, while the transition waits
    writer.close()
    thread.join(timeout=30)
    assert "error" not in outcome, outcome
    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED
    assert RequestComment.objects.filter(request=draft, body="Which years?").exists()
