"""The review of an AI use case, as a transition table that reads like the state diagram
(the same pattern as sharing/workflow.py).

    draft ──submit (complete intake and impact assessment)──> submitted ──start review──> in_review
    submitted | in_review ──request changes (reason)──> changes_requested
    changes_requested ──resubmit (complete intake)──> submitted
    submitted | in_review ──approve──> approved
    submitted | in_review ──approve with conditions (the conditions)──> approved_with_conditions
    submitted | in_review ──not approve (reason)──> not_approved

`apply_transition` is the only way a use case changes state: it locks the row, checks the
version the user saw, checks who may act, logs the step and then emails the parties.
A high-risk use case cannot be submitted until its extra safeguards are described.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ai_registry import impact, permissions
from ai_registry.models import UseCase, UseCaseLog
from ai_registry.states import RiskTier, State

INTAKE = [
    ("title", "title"),
    ("purpose", "problem and purpose"),
    ("data_description", "the data it uses"),
    ("affected_people", "who is affected"),
    ("human_oversight", "human oversight"),
    ("evaluation_monitoring", "evaluation and monitoring"),
    ("contact_name", "contact"),
]
SAFEGUARDS = [
    ("safeguards", "extra safeguards (high risk)"),
    ("notice_and_appeal", "notice, explanation and appeal (high risk)"),
]


def missing_intake(use_case) -> dict[str, str]:
    """What this use case lacks before it may be submitted, {field: label}."""
    missing = {name: label for name, label in INTAKE if not getattr(use_case, name).strip()}
    if impact.unanswered(use_case.impact_answers or {}) or not use_case.risk_tier:
        missing["impact_answers"] = "the impact assessment"
    elif use_case.risk_tier == RiskTier.HIGH:
        missing.update(
            {name: label for name, label in SAFEGUARDS if not getattr(use_case, name).strip()}
        )
    return missing


def _owner(user, use_case):
    return permissions.is_owner(user, use_case)


def _reviewer(user, use_case):
    return permissions.can_review(user, use_case)


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # the button
    sources: tuple
    target: str
    allowed: Callable
    past: str  # for the timeline and emails
    reason_required: bool = False
    style: str = "primary"
    needs_complete_intake: bool = False


TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "submit",
            "Submit for review",
            (State.DRAFT,),
            State.SUBMITTED,
            _owner,
            "Submitted",
            needs_complete_intake=True,
        ),
        Transition(
            "resubmit",
            "Submit for review",
            (State.CHANGES_REQUESTED,),
            State.SUBMITTED,
            _owner,
            "Resubmitted",
            needs_complete_intake=True,
        ),
        Transition(
            "start_review",
            "Start review",
            (State.SUBMITTED,),
            State.IN_REVIEW,
            _reviewer,
            "Review started",
            style="secondary",
        ),
        Transition(
            "request_changes",
            "Request changes",
            (State.SUBMITTED, State.IN_REVIEW),
            State.CHANGES_REQUESTED,
            _reviewer,
            "Changes requested",
            reason_required=True,
            style="warning",
        ),
        Transition(
            "approve",
            "Approve",
            (State.SUBMITTED, State.IN_REVIEW),
            State.APPROVED,
            _reviewer,
            "Approved",
            style="success",
        ),
        Transition(
            "approve_with_conditions",
            "Approve with conditions",
            (State.SUBMITTED, State.IN_REVIEW),
            State.APPROVED_WITH_CONDITIONS,
            _reviewer,
            "Approved with conditions",
            reason_required=True,
            style="success",
        ),
        Transition(
            "not_approve",
            "Do not approve",
            (State.SUBMITTED, State.IN_REVIEW),
            State.NOT_APPROVED,
            _reviewer,
            "Not approved",
            reason_required=True,
            style="danger",
        ),
    ]
}
REASON_WORDS = {
    "request_changes": "what to change",
    "approve_with_conditions": "the conditions",
    "not_approve": "a reason",
}


class TransitionError(Exception):
    """Base for the reasons a transition does not happen."""


class NotFound(TransitionError):
    """The user may not see the use case (answered as 404)."""


class NotAllowed(TransitionError):
    pass


class StaleUseCase(TransitionError):
    def __init__(self):
        super().__init__(
            "This use case changed since you opened it. Review the latest version below; "
            "your comment has been kept."
        )


class InvalidInput(TransitionError):
    """What the user must fix, by action-form field; None for the use case itself."""

    def __init__(self, errors: dict):
        self.errors = errors
        super().__init__("; ".join(errors.values()))


def allowed_transitions(user, use_case) -> list[Transition]:
    """What this user may do now: the buttons to show (the server checks the same)."""
    if not permissions.can_view(user, use_case):
        return []
    return [
        t for t in TRANSITIONS.values() if use_case.state in t.sources and t.allowed(user, use_case)
    ]


def _validate(transition, use_case, comment) -> dict:
    errors = {}
    if transition.needs_complete_intake:
        missing = missing_intake(use_case)
        if missing:
            errors[None] = (
                f"Complete the use case before you {transition.label.lower()}. "
                f"Missing: {', '.join(missing.values())}."
            )
    if transition.reason_required and not comment.strip():
        errors["comment"] = (
            f"Give {REASON_WORDS.get(transition.name, 'a reason')} to {transition.label.lower()}."
        )
    return errors


def _check(use_case, user, transition, version, comment) -> None:
    if not permissions.can_view(user, use_case):
        raise NotFound()
    if version is not None and use_case.version != version:
        raise StaleUseCase()
    if transition is None or use_case.state not in transition.sources:
        raise NotAllowed("That action is not available for this use case now.")
    if not transition.allowed(user, use_case):
        raise NotAllowed("You may not do that on this use case.")
    errors = _validate(transition, use_case, comment)
    if errors:
        raise InvalidInput(errors)


def apply_transition(
    use_case_id: int, user, name: str, *, version: int | None, comment: str = "", notify=True
) -> UseCaseLog:
    """Move the use case along `name`, in one transaction with its log row."""
    from ai_registry import notifications

    transition = TRANSITIONS.get(name)
    with transaction.atomic():
        try:
            use_case = UseCase.objects.select_for_update(no_key=True).get(pk=use_case_id)
        except UseCase.DoesNotExist:
            raise NotFound() from None
        _check(use_case, user, transition, version, comment)
        from_state = use_case.state
        if transition.name in ("submit", "resubmit"):
            use_case.submitted_at = timezone.now()
        if transition.target == State.APPROVED_WITH_CONDITIONS:
            use_case.conditions = comment.strip()
        elif transition.target == State.APPROVED:
            use_case.conditions = ""
        use_case.state = transition.target
        use_case.version += 1
        use_case.save()
        log = UseCaseLog.objects.create(
            use_case=use_case,
            actor=user,
            action=transition.name,
            from_state=from_state,
            to_state=transition.target,
            comment=comment.strip(),
        )
    if notify:
        notifications.transition_happened(use_case, log, transition)
    return log


def past_tense(action: str) -> str:
    transition = TRANSITIONS.get(action)
    if transition:
        return transition.past
    return {"create": "Registered"}.get(action, action.replace("_", " ").capitalize())
