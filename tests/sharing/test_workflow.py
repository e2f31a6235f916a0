"""The lifecycle: who may do what, reasons, dates, logs, emails, stale versions, constraints."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from sharing import workflow
from sharing.models import SharingRequest, State, TransitionLog
from tests.sharing.factories import (
    SharingRequestFactory,
    destruction_certificate,
    signed_agreement,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def act(sr, user, name, **kwargs):
    sr.refresh_from_db()
    return workflow.apply_transition(sr.pk, user, name, version=sr.version, **kwargs)


def labels(user, sr):
    sr.refresh_from_db()
    return [t.label for t in workflow.allowed_transitions(user, sr)]


def test_full_path_with_the_right_people(draft, requester, provider, sharing_reviewer):
    act(draft, requester, "submit")
    act(draft, provider, "start_review")
    act(draft, sharing_reviewer, "request_changes", comment="Name the data elements.")
    act(draft, requester, "resubmit")
    act(draft, provider, "approve")
    signed_agreement(draft, sharing_reviewer)
    act(
        draft,
        sharing_reviewer,
        "mark_executed",
        effective_date=TODAY,
        expiry_date=TODAY + datetime.timedelta(days=365),
    )
    act(draft, sharing_reviewer, "renew", expiry_date=TODAY + datetime.timedelta(days=730))
    act(draft, sharing_reviewer, "terminate", comment="Program ended.")
    destruction_certificate(draft, requester)  # the receiving agency certifies first
    act(draft, sharing_reviewer, "close")
    draft.refresh_from_db()
    assert draft.state == State.CLOSED
    steps = list(draft.logs.values_list("from_state", "to_state", "actor"))
    assert steps[0] == ("draft", "submitted", requester.pk)
    assert steps[2][1] == "changes_requested"
    assert steps[-1] == ("terminated", "closed", sharing_reviewer.pk)
    assert draft.expiry_date == TODAY + datetime.timedelta(days=730)


def test_buttons_by_role_and_state(draft, requester, provider, sharing_reviewer, sharing_curator):
    assert labels(requester, draft) == ["Submit for review", "Withdraw"]
    assert labels(provider, draft) == []
    assert labels(sharing_reviewer, draft) == []
    act(draft, requester, "submit")
    assert labels(requester, draft) == ["Withdraw"]
    assert labels(provider, draft) == ["Start review", "Request changes", "Approve", "Reject"]
    assert labels(sharing_reviewer, draft) == labels(provider, draft)
    assert labels(sharing_curator, draft) == []
    act(draft, provider, "approve")
    assert labels(sharing_reviewer, draft) == ["Mark executed"]
    assert labels(sharing_curator, draft) == ["Mark executed"]
    assert labels(provider, draft) == []
    signed_agreement(draft, sharing_curator)
    act(
        draft,
        sharing_curator,
        "mark_executed",
        effective_date=TODAY,
        expiry_date=TODAY + datetime.timedelta(days=30),
    )
    assert labels(sharing_curator, draft) == ["Renew", "Terminate"]
    assert labels(requester, draft) == []


def test_server_refuses_what_the_buttons_hide(draft, requester, provider, outsider):
    with pytest.raises(workflow.NotAllowed):
        act(draft, provider, "submit")
    act(draft, requester, "submit")
    with pytest.raises(workflow.NotAllowed):
        act(draft, requester, "approve")
    with pytest.raises(workflow.NotAllowed):
        act(draft, provider, "mark_executed", effective_date=TODAY, expiry_date=TODAY)
    with pytest.raises(workflow.NotFound):
        act(draft, outsider, "approve")
    with pytest.raises(workflow.NotAllowed):
        act(draft, requester, "no_such_action")
    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED


@pytest.mark.parametrize("name", ["request_changes", "reject"])
def test_reason_required(draft, requester, provider, name):
    act(draft, requester, "submit")
    with pytest.raises(workflow.InvalidInput) as error:
        act(draft, provider, name, comment="   ")
    assert "comment" in error.value.errors
    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED


def test_terminate_needs_reason_and_execute_needs_dates(draft, requester, sharing_reviewer):
    act(draft, requester, "submit")
    act(draft, sharing_reviewer, "approve")
    signed_agreement(draft, sharing_reviewer)
    with pytest.raises(workflow.InvalidInput) as error:
        act(draft, sharing_reviewer, "mark_executed")
    assert set(error.value.errors) == {"effective_date", "expiry_date"}
    with pytest.raises(workflow.InvalidInput):
        act(draft, sharing_reviewer, "mark_executed", effective_date=TODAY, expiry_date=TODAY)
    act(
        draft,
        sharing_reviewer,
        "mark_executed",
        effective_date=TODAY,
        expiry_date=TODAY + datetime.timedelta(days=9),
    )
    with pytest.raises(workflow.InvalidInput):
        act(draft, sharing_reviewer, "terminate")
    with pytest.raises(workflow.InvalidInput):
        act(draft, sharing_reviewer, "renew", expiry_date=TODAY + datetime.timedelta(days=5))


def test_stale_version_loses_and_nothing_changes(draft, requester, provider, sharing_reviewer):
    act(draft, requester, "submit")
    draft.refresh_from_db()
    seen = draft.version
    workflow.apply_transition(draft.pk, provider, "approve", version=seen)
    with pytest.raises(workflow.StaleRequest, match="changed since you opened it"):
        workflow.apply_transition(draft.pk, sharing_reviewer, "reject", version=seen, comment="No.")
    draft.refresh_from_db()
    assert draft.state == State.APPROVED
    assert not draft.logs.filter(to_state=State.REJECTED).exists()


def test_each_transition_emails_the_parties(draft, requester, provider, sharing_reviewer):
    colleague = type(requester).objects.create_user("colleague@dol.ct.gov", agency=requester.agency)
    colleague.groups.add(*requester.groups.all())
    mail.outbox.clear()
    act(draft, requester, "submit")
    recipients = sorted(m.to[0] for m in mail.outbox)
    # Both agencies' data officers (not the actor) and the reviewers, one message each.
    assert recipients == sorted([colleague.email, provider.email, sharing_reviewer.email])
    assert "Submitted" in mail.outbox[0].subject
    assert f"/sharing/requests/{draft.pk}/" in mail.outbox[0].body
    mail.outbox.clear()
    act(draft, sharing_reviewer, "request_changes", comment="Add the date range.")
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([colleague.email, provider.email, requester.email])
    assert "Add the date range." in mail.outbox[0].body


def test_state_values_are_constrained_in_the_database(draft):
    with pytest.raises(IntegrityError), transaction.atomic():
        SharingRequest.objects.filter(pk=draft.pk).update(state="signed")
    with pytest.raises(IntegrityError), transaction.atomic():
        SharingRequest.objects.filter(pk=draft.pk).update(state=State.EXECUTED)  # no dates
    with pytest.raises(IntegrityError), transaction.atomic():
        TransitionLog.objects.create(request=draft, from_state="draft", to_state="bogus")


def test_requesting_and_providing_agency_differ(requester):
    with pytest.raises(IntegrityError), transaction.atomic():
        SharingRequestFactory(requesting_agency=requester.agency, providing_agency=requester.agency)


def test_expire_due_moves_lapsed_agreements(sharing_reviewer):
    from tests.sharing.factories import executed

    lapsed = executed(
        effective_date=TODAY - datetime.timedelta(days=400),
        expiry_date=TODAY - datetime.timedelta(days=1),
    )
    current = executed()
    assert workflow.expire_due(TODAY) == 1
    lapsed.refresh_from_db()
    current.refresh_from_db()
    assert lapsed.state == State.EXPIRED and current.state == State.EXECUTED
    assert lapsed.logs.get().actor is None
    assert labels(sharing_reviewer, lapsed) == ["Renew", "Verify destruction and close"]
