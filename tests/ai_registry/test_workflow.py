"""The review's transition table: who may do what, what a step needs, its log and emails."""

import pytest
from django.core import mail
from django.db import IntegrityError, connection

from ai_registry import workflow
from ai_registry.models import UseCase, UseCaseLog
from ai_registry.states import State
from tests import factories
from tests.ai_registry.factories import HIGH_ANSWERS, UseCaseFactory, complete, join


def step(use_case, user, name, comment=""):
    version = UseCase.objects.get(pk=use_case.pk).version
    return workflow.apply_transition(use_case.pk, user, name, version=version, comment=comment)


@pytest.fixture
def draft(owner):
    return complete(agency=owner.agency, created_by=owner)


def test_the_table_reads_like_the_diagram():
    t = workflow.TRANSITIONS
    assert t["submit"].sources == (State.DRAFT,) and t["submit"].target == State.SUBMITTED
    assert t["resubmit"].sources == (State.CHANGES_REQUESTED,)
    for name in ("request_changes", "approve", "approve_with_conditions", "not_approve"):
        assert set(t[name].sources) == {State.SUBMITTED, State.IN_REVIEW}
    assert {n for n, tr in t.items() if tr.reason_required} == {
        "request_changes",
        "approve_with_conditions",
        "not_approve",
    }


def test_the_full_review_with_its_timeline(draft, owner, ai_rev):
    step(draft, owner, "submit")
    step(draft, ai_rev, "start_review")
    step(draft, ai_rev, "request_changes", "Describe the appeal process.")
    step(draft, owner, "resubmit")
    step(draft, ai_rev, "approve_with_conditions", "Publish a notice.")
    draft.refresh_from_db()
    assert draft.state == State.APPROVED_WITH_CONDITIONS
    assert draft.conditions == "Publish a notice."
    assert draft.submitted_at is not None
    logs = list(UseCaseLog.objects.filter(use_case=draft).values_list("action", "to_state"))
    assert logs == [
        ("submit", "submitted"),
        ("start_review", "in_review"),
        ("request_changes", "changes_requested"),
        ("resubmit", "submitted"),
        ("approve_with_conditions", "approved_with_conditions"),
    ]


def test_only_ai_reviewers_review(draft, owner, partner):
    join(draft, partner.agency)
    step(draft, owner, "submit")
    reviewer_of_sharing = factories.reviewer(agency=owner.agency)
    for user in (owner, partner, reviewer_of_sharing):
        with pytest.raises(workflow.TransitionError):
            step(draft, user, "approve")
    draft.refresh_from_db()
    assert [t.name for t in workflow.allowed_transitions(owner, draft)] == []


def test_only_the_owning_agency_submits(draft, partner, ai_rev):
    join(draft, partner.agency)
    with pytest.raises(workflow.NotAllowed):
        step(draft, partner, "submit")
    with pytest.raises(workflow.NotAllowed):
        step(draft, ai_rev, "submit")


def test_an_outsider_gets_not_found(draft, outsider):
    with pytest.raises(workflow.NotFound):
        step(draft, outsider, "submit")


@pytest.mark.parametrize("name", ["request_changes", "approve_with_conditions", "not_approve"])
def test_these_steps_need_a_reason(draft, owner, ai_rev, name):
    step(draft, owner, "submit")
    with pytest.raises(workflow.InvalidInput) as error:
        step(draft, ai_rev, name, "  ")
    assert "comment" in error.value.errors


def test_an_incomplete_use_case_is_not_submitted(owner):
    use_case = UseCaseFactory(agency=owner.agency, created_by=owner)
    with pytest.raises(workflow.InvalidInput) as error:
        step(use_case, owner, "submit")
    assert "the impact assessment" in error.value.errors[None]
    assert "human oversight" in error.value.errors[None]


def test_a_high_risk_use_case_needs_its_safeguards_before_submission(draft, owner):
    UseCase.objects.filter(pk=draft.pk).update(impact_answers=HIGH_ANSWERS, risk_tier="high")
    with pytest.raises(workflow.InvalidInput) as error:
        step(draft, owner, "submit")
    assert "extra safeguards (high risk)" in error.value.errors[None]
    UseCase.objects.filter(pk=draft.pk).update(
        safeguards="A person decides.", notice_and_appeal="Letters and a hearing."
    )
    step(draft, owner, "submit")
    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED


def test_a_stale_version_is_refused(draft, owner):
    with pytest.raises(workflow.StaleUseCase):
        workflow.apply_transition(draft.pk, owner, "submit", version=draft.version - 1)


def test_emails_go_to_the_agencies_and_on_submission_to_the_reviewers(
    draft, owner, partner, ai_rev
):
    join(draft, partner.agency)
    step(draft, owner, "submit")
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == sorted([partner.email, ai_rev.email])  # never the one who acted
    assert "Submitted" in mail.outbox[0].subject
    mail.outbox.clear()
    step(draft, ai_rev, "request_changes", "Describe the data.")
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == sorted([owner.email, partner.email])
    assert "Describe the data." in mail.outbox[0].body


def test_the_database_refuses_an_unknown_state(draft):
    with pytest.raises(IntegrityError), connection.cursor() as cursor:
        cursor.execute("UPDATE ai_registry_usecase SET state = 'limbo' WHERE id = %s", [draft.pk])


def test_changes_are_kept_in_the_history(draft, owner):
    step(draft, owner, "submit")
    assert draft.history.count() >= 2
