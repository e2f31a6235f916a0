"""The lifecycle of a sharing request, as a transition table that reads like the state diagram.

    draft ──submit (complete intake)──> submitted ──start review──> in_review
    submitted | in_review ──request changes (reason)──> changes_requested
    changes_requested ──resubmit (complete intake)──> submitted
    submitted | in_review ──approve──> approved
    approved ──mark executed (complete intake, dates, signed agreement)──> executed
    submitted | in_review ──reject (reason)──> rejected
    draft | submitted | in_review | changes_requested | approved ──withdraw──> withdrawn
    executed | expired ──renew (new expiry; default: one more term)──> executed
    executed ──terminate (reason)──> terminated;  executed ──expire (system)──> expired
    expired | terminated ──verify destruction (the receiving agency's certificate)──> closed

`apply_transition` is the only way a request changes state: it locks the row, checks the
version the user saw, checks who may act, logs the step (a submission also freezes the
request's contents as a numbered RequestVersion) and then emails the parties.
"""

import calendar
import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from config import cache_versions
from sharing import permissions, versions
from sharing.models import (
    AttachmentKind,
    DestructionCertificate,
    Frequency,
    SharingRequest,
    State,
    TransitionLog,
)

# What the wizard requires, step by step, with its labels: the server's rule for a
# complete intake (the forms only help the user meet it).
INTAKE = [
    ("title", "short title"),
    ("purpose", "purpose"),
    ("legal_authority", "legal authority or exception"),
    ("categories", "data categories"),
    ("data_elements", "data elements"),
    ("frequency", "frequency"),
    ("storage_security", "storage and security"),
    ("retention_destruction", "retention and destruction"),
    ("term_months", "term (months)"),
]


def missing_intake(sr) -> dict[str, str]:
    """The wizard's required entries this request lacks, {field: label}, in wizard order."""

    def present(name):
        value = getattr(sr, name)
        if name == "categories":
            return value.exists()
        if name == "term_months":
            return value is not None and 1 <= value <= 120
        if name == "frequency":
            return value in Frequency.values
        return bool(value.strip())

    return {name: label for name, label in INTAKE if not present(name)}


def _requester(user, sr):
    return permissions.is_requester_officer(user, sr)


def _provider_or_reviewer(user, sr):
    return permissions.is_provider_officer(user, sr) or permissions.is_reviewer(user)


def _reviewer_or_curator(user, sr):
    return permissions.is_reviewer(user) or permissions.is_curator(user)


def _system(user, sr):
    return user is None


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # the button
    sources: tuple
    target: str
    allowed: Callable
    past: str  # for the timeline and emails
    reason_required: bool = False
    dates: str = ""  # "effective_and_expiry" or "expiry"
    style: str = "primary"
    needs_complete_intake: bool = False
    needs_signed_agreement: bool = False
    needs_destruction_certificate: bool = False
    # Consequential steps are confirmed first: `consequence` says what will happen.
    consequence: str = ""


TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "submit",
            "Submit for review",
            (State.DRAFT,),
            State.SUBMITTED,
            _requester,
            "Submitted",
            needs_complete_intake=True,
        ),
        Transition(
            "resubmit",
            "Submit for review",
            (State.CHANGES_REQUESTED,),
            State.SUBMITTED,
            _requester,
            "Resubmitted",
            needs_complete_intake=True,
        ),
        Transition(
            "start_review",
            "Start review",
            (State.SUBMITTED,),
            State.IN_REVIEW,
            _provider_or_reviewer,
            "Review started",
            style="secondary",
        ),
        Transition(
            "request_changes",
            "Request changes",
            (State.SUBMITTED, State.IN_REVIEW),
            State.CHANGES_REQUESTED,
            _provider_or_reviewer,
            "Changes requested",
            reason_required=True,
            style="warning",
        ),
        Transition(
            "approve",
            "Approve",
            (State.SUBMITTED, State.IN_REVIEW),
            State.APPROVED,
            _provider_or_reviewer,
            "Approved",
            consequence=(
                "The request becomes approved. A reviewer then marks it executed once the "
                "agreement is signed and attached."
            ),
            style="success",
        ),
        Transition(
            "reject",
            "Reject",
            (State.SUBMITTED, State.IN_REVIEW),
            State.REJECTED,
            _provider_or_reviewer,
            "Rejected",
            consequence=(
                "The request is rejected and closed for good: it cannot be resubmitted. "
                "Your reason is sent with the notice."
            ),
            reason_required=True,
            style="danger",
        ),
        Transition(
            "withdraw",
            "Withdraw",
            (
                State.DRAFT,
                State.SUBMITTED,
                State.IN_REVIEW,
                State.CHANGES_REQUESTED,
                State.APPROVED,
            ),
            State.WITHDRAWN,
            _requester,
            "Withdrawn",
            consequence=(
                "The request is withdrawn and closed for good: it cannot be resubmitted or "
                "reopened."
            ),
            style="outline-danger",
        ),
        Transition(
            "mark_executed",
            "Mark executed",
            (State.APPROVED,),
            State.EXECUTED,
            _reviewer_or_curator,
            "Executed",
            dates="effective_and_expiry",
            style="success",
            needs_complete_intake=True,  # also stops requests submitted before the check
            needs_signed_agreement=True,
        ),
        Transition(
            "renew",
            "Renew",
            (State.EXECUTED, State.EXPIRED),
            State.EXECUTED,
            _reviewer_or_curator,
            "Renewed",
            dates="expiry",
        ),
        Transition(
            "terminate",
            "Terminate",
            (State.EXECUTED,),
            State.TERMINATED,
            _reviewer_or_curator,
            "Terminated",
            consequence=(
                "The agreement ends now, before its expiry date. The receiving agency must "
                "stop using the data, destroy it and certify the destruction. Your reason is "
                "sent with the notice."
            ),
            reason_required=True,
            style="danger",
        ),
        Transition(
            "close",
            "Verify destruction and close",
            (State.EXPIRED, State.TERMINATED),
            State.CLOSED,
            _reviewer_or_curator,
            "Destruction certificate verified; closed",
            consequence=(
                "You verify the receiving agency's destruction certificate and the agreement "
                "closes: the data are recorded as destroyed. This cannot be undone."
            ),
            needs_destruction_certificate=True,
        ),
        Transition(
            "expire", "", (State.EXECUTED,), State.EXPIRED, _system, "Expired", style="secondary"
        ),
    ]
}


class TransitionError(Exception):
    """Base for the reasons a transition does not happen."""


class NotFound(TransitionError):
    """The user may not see the request (answered as 404)."""


class NotAllowed(TransitionError):
    pass


class StaleRequest(TransitionError):
    def __init__(self):
        super().__init__(
            "This request changed since you opened it. Review the latest version below; "
            "your comment has been kept."
        )


class InvalidInput(TransitionError):
    """What the user must fix, by action-form field; None for the request itself."""

    def __init__(self, errors: dict):
        self.errors = errors
        super().__init__("; ".join(errors.values()))


def allowed_transitions(user, sr) -> list[Transition]:
    """What this user may do now: the buttons to show (the server checks the same)."""
    if user is not None and not permissions.can_view(user, sr):
        return []
    return [
        t for t in TRANSITIONS.values() if t.label and sr.state in t.sources and t.allowed(user, sr)
    ]


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day when it has no such day)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last))


def term_expiry(start: datetime.date, term_months: int | None) -> datetime.date | None:
    """The last day of a term starting on `start` (24 months from Jan 1, 2026: Dec 31, 2027)."""
    if not term_months or start is None:
        return None
    return add_months(start, term_months) - datetime.timedelta(days=1)


def default_expiry(sr, transition, effective_date):
    """The expiry a dated step gets when none is entered: the requested term from the
    effective date, or (a renewal) one more term from the current expiry."""
    if transition is None or not transition.dates:
        return None
    if transition.dates == "effective_and_expiry":
        return term_expiry(effective_date, sr.term_months)
    if sr.expiry_date:
        return add_months(sr.expiry_date, sr.term_months) if sr.term_months else None
    return None


def _certificate(sr):
    return DestructionCertificate.objects.filter(request=sr).first()


def _validate(transition, sr, comment, effective_date, expiry_date) -> dict:
    errors = {}
    about_request = []  # not about a field of the action form
    if transition.needs_complete_intake:
        missing = missing_intake(sr)
        if missing:
            about_request.append(
                f"Complete the intake before you {transition.label.lower()}. "
                f"Missing: {', '.join(missing.values())}."
            )
    if (
        transition.needs_signed_agreement
        and not sr.attachments.filter(kind=AttachmentKind.SIGNED_AGREEMENT).exists()
    ):
        about_request.append(
            "Attach the signed agreement (choose “Signed agreement” when you upload it) "
            f"before you {transition.label.lower()}."
        )
    if transition.needs_destruction_certificate and not _certificate(sr):
        about_request.append(
            "The receiving agency's data officer must first certify the destruction "
            "(date, method, official and the signed certificate)."
        )
    if about_request:
        errors[None] = " ".join(about_request)
    if transition.reason_required and not comment.strip():
        errors["comment"] = f"Give a reason to {transition.label.lower()}."
    if transition.dates == "effective_and_expiry":
        if not effective_date:
            errors["effective_date"] = "Enter the effective date."
        if not expiry_date:
            errors["expiry_date"] = "Enter the expiry date."
        elif effective_date and expiry_date <= effective_date:
            errors["expiry_date"] = "The expiry date must be after the effective date."
    if transition.dates == "expiry":
        if not expiry_date:
            errors["expiry_date"] = "Enter the new expiry date."
        elif sr.expiry_date and expiry_date <= sr.expiry_date:
            errors["expiry_date"] = "The new expiry date must be after the current one."
    return errors


def _check(sr, user, transition, version, comment, effective_date, expiry_date) -> None:
    """Raise the TransitionError that stops this step, if any (expiry_date already
    defaulted from the term by the caller)."""
    if user is not None and not permissions.can_view(user, sr):
        raise NotFound()
    if version is not None and sr.version != version:
        raise StaleRequest()
    if transition is None or sr.state not in transition.sources:
        raise NotAllowed("That action is not available for this request now.")
    if not transition.allowed(user, sr):
        raise NotAllowed("You may not do that on this request.")
    errors = _validate(transition, sr, comment, effective_date, expiry_date)
    if errors:
        raise InvalidInput(errors)


def check_transition(
    request_id: int,
    user,
    name: str,
    *,
    version: int | None,
    comment: str = "",
    effective_date: datetime.date | None = None,
    expiry_date: datetime.date | None = None,
) -> Transition:
    """What apply_transition would refuse, without changing anything (the confirmation step
    asks only about a step that would go through); returns the transition."""
    sr = SharingRequest.objects.filter(pk=request_id).first()
    if sr is None:
        raise NotFound()
    transition = TRANSITIONS.get(name)
    expiry_date = expiry_date or default_expiry(sr, transition, effective_date)
    _check(sr, user, transition, version, comment, effective_date, expiry_date)
    return transition


def apply_transition(
    request_id: int,
    user,
    name: str,
    *,
    version: int | None,
    comment: str = "",
    effective_date: datetime.date | None = None,
    expiry_date: datetime.date | None = None,
    notify: bool = True,
) -> TransitionLog:
    """Move the request along `name`; `user` None means the system (the reminder job)."""
    from sharing import notifications

    transition = TRANSITIONS.get(name)
    with transaction.atomic():
        try:
            # No-key lock: transitions still queue, but a comment's or file's foreign key
            # check on this row does not wait for it.
            sr = SharingRequest.objects.select_for_update(no_key=True).get(pk=request_id)
        except SharingRequest.DoesNotExist:
            raise NotFound() from None
        expiry_date = expiry_date or default_expiry(sr, transition, effective_date)
        _check(sr, user, transition, version, comment, effective_date, expiry_date)
        from_state = sr.state
        if transition.name in ("submit", "resubmit"):
            sr.submitted_at = timezone.now()
        if transition.dates == "effective_and_expiry":
            sr.effective_date = effective_date
        if transition.dates:
            sr.expiry_date = expiry_date
        sr.state = transition.target
        sr.version += 1
        sr.save()
        log = TransitionLog.objects.create(
            request=sr,
            actor=user,
            action=transition.name,
            from_state=from_state,
            to_state=transition.target,
            comment=comment.strip(),
        )
        if transition.name in ("submit", "resubmit"):
            versions.freeze(sr, user, transition.name)  # what the reviewer compares
        if transition.needs_destruction_certificate:
            DestructionCertificate.objects.filter(request=sr).update(
                verified_by=user, verified_at=timezone.now()
            )
        cache_versions.changed(cache_versions.SHARING)
    if notify:
        notifications.transition_happened(sr, log, transition)
    return log


def expire_due(today: datetime.date | None = None) -> int:
    """Executed agreements past their expiry date become expired; returns how many."""
    today = today or timezone.localdate()
    due = SharingRequest.objects.filter(state=State.EXECUTED, expiry_date__lt=today)
    count = 0
    for pk in due.values_list("pk", flat=True):
        apply_transition(pk, None, "expire", version=None, comment="Expiry date passed.")
        count += 1
    return count


def past_tense(action: str) -> str:
    transition = TRANSITIONS.get(action)
    return transition.past if transition else action.replace("_", " ").capitalize()
