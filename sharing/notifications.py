"""Emails about sharing requests: each transition, and the reminders job.

Each party gets their own message (no one sees the other recipients' addresses).
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse

from accounts import roles
from accounts.models import User
from config.mail import MailServerDown, send_each
from hub.input_checks import header_safe
from sharing.models import State

logger = logging.getLogger(__name__)

# After these steps the reviewers have something to do.
REVIEWERS_NEEDED = {State.SUBMITTED, State.APPROVED}


def party_officers(sr):
    """Active data officers of the requesting and the providing agency."""
    return User.objects.filter(
        is_active=True,
        groups__name=roles.DATA_OFFICERS,
        agency_id__in=[sr.requesting_agency_id, sr.providing_agency_id],
    ).distinct()


def reviewers():
    return User.objects.filter(is_active=True, groups__name=roles.SHARING_REVIEWERS).distinct()


def request_url(sr) -> str:
    base = settings.SITE_URL.rstrip("/")  # required outside development (sharing.checks)
    return base + reverse("sharing:request_detail", args=[sr.pk])


def _messages(subject: str, body: str, users) -> list[EmailMessage]:
    """One message per address. The subject is reduced to one clean line: titles and agency
    names are typed by users and must not be able to add a header."""
    subject = header_safe(subject)
    addresses = sorted({header_safe(u.email, 254) for u in users if u.email})
    return [EmailMessage(subject, body, to=[address]) for address in addresses if address]


def _send(subject: str, body: str, users) -> int:
    """Send one message per address; a mail server failure is logged, never raised.

    The step that caused the email is already saved, so a mail outage must not turn it into
    an error page.
    """
    try:
        return send_each(_messages(subject, body, users))
    except MailServerDown as error:
        logger.exception("Sharing email not sent: %s", header_safe(subject))
        return error.sent


def transition_recipients(sr, to_state, actor) -> list:
    """Who is emailed when the request moves to `to_state` (never the one who moved it)."""
    recipients = list(party_officers(sr))
    if to_state in REVIEWERS_NEEDED:
        recipients += list(reviewers())
    if actor is not None:
        recipients = [u for u in recipients if u.pk != actor.pk]
    return recipients


def who_is_told(sr, transition, actor) -> str:
    """The confirmation step's sentence saying who will be emailed about the step."""
    groups = [f"the data officers of {sr.requesting_agency.name} and {sr.providing_agency.name}"]
    if transition.target in REVIEWERS_NEEDED:
        groups.append("the sharing reviewers")
    count = len({u.email for u in transition_recipients(sr, transition.target, actor) if u.email})
    people = "1 person" if count == 1 else f"{count} people"
    return f"Who will be told: {' and '.join(groups)} are emailed ({people}; not you)."


def transition_happened(sr, log, transition) -> int:
    recipients = transition_recipients(sr, log.to_state, log.actor)
    actor = log.actor.get_full_name() or log.actor.email if log.actor else "The State Data Hub"
    subject = f"[Data sharing] #{sr.pk} {transition.past}: {sr.title}"
    lines = [
        f"{actor} moved sharing request #{sr.pk} ({sr.title}) "
        f"from {State(log.from_state).label} to {State(log.to_state).label}.",
        "",
        f"Requesting agency: {sr.requesting_agency.name}",
        f"Providing agency: {sr.providing_agency.name}",
    ]
    if log.comment and log.action == "request_changes":
        lines += ["", "The reviewer's reason (what to change):", log.comment]
    elif log.comment:
        lines += ["", "Comment:", log.comment]
    if sr.expiry_date and log.to_state == State.EXECUTED:
        lines += [
            "",
            f"Effective {sr.effective_date:%B %d, %Y}; expires {sr.expiry_date:%B %d, %Y}.",
        ]
    lines += ["", f"Open the request: {request_url(sr)}"]
    return _send(subject, "\n".join(lines), recipients)


def assigned(sr, assignee, actor) -> int:
    subject = f"[Data sharing] #{sr.pk} assigned to you: {sr.title}"
    body = (
        f"{actor.get_full_name() or actor.email} assigned sharing request #{sr.pk} "
        f"({sr.title}) from {sr.requesting_agency.name} to {sr.providing_agency.name} to you "
        f"for review.\n\nOpen the request: {request_url(sr)}"
    )
    return _send(subject, body, [assignee])


def review_waiting_assignee(sr, days: int) -> int:
    """The first reminder of an assigned review goes to its assignee alone; raises
    MailServerDown, so the reminders job records only what went out."""
    subject = f"[Data sharing] #{sr.pk} assigned to you, waiting for over {days} days"
    body = (
        f"Sharing request #{sr.pk} ({sr.title}) from {sr.requesting_agency.name} to "
        f"{sr.providing_agency.name}, assigned to you, has waited for review since "
        f"{sr.submitted_at:%B %d, %Y}. If it still waits, all reviewers are reminded next."
        f"\n\nOpen the request: {request_url(sr)}"
    )
    return send_each(_messages(subject, body, [sr.assignee]))


def destruction_certified(sr, log) -> int:
    """The receiving agency certified destruction: a reviewer must verify it."""
    recipients = [u for u in list(party_officers(sr)) + list(reviewers()) if u.pk != log.actor_id]
    subject = f"[Data sharing] #{sr.pk} destruction certified: {sr.title}"
    body = "\n".join(
        [
            f"{sr.requesting_agency.name} certified that the data shared under agreement "
            f"#{sr.pk} ({sr.title}) were destroyed.",
            "",
            log.comment,
            "",
            "A sharing reviewer verifies the certificate, which closes the agreement.",
            "",
            f"Open the request: {request_url(sr)}",
        ]
    )
    return _send(subject, body, recipients)


def review_waiting(sr, days: int) -> int:
    """Raises MailServerDown, so the reminders job records only what went out."""
    recipients = list(reviewers()) + [
        u for u in party_officers(sr) if u.agency_id == sr.providing_agency_id
    ]
    subject = f"[Data sharing] #{sr.pk} waiting for review for over {days} days"
    body = (
        f"Sharing request #{sr.pk} ({sr.title}) from {sr.requesting_agency.name} to "
        f"{sr.providing_agency.name} has waited for review since "
        f"{sr.submitted_at:%B %d, %Y}.\n\nOpen the request: {request_url(sr)}"
    )
    return send_each(_messages(subject, body, recipients))


def agreement_expiring(sr, days: int) -> int:
    """Raises MailServerDown, so the reminders job records only what went out."""
    recipients = list(party_officers(sr)) + list(reviewers())
    subject = f"[Data sharing] Agreement #{sr.pk} expires within {days} days"
    body = (
        f"The agreement for sharing request #{sr.pk} ({sr.title}) between "
        f"{sr.requesting_agency.name} and {sr.providing_agency.name} expires on "
        f"{sr.expiry_date:%B %d, %Y}. Renew it, or plan the data's destruction.\n\n"
        f"Open the request: {request_url(sr)}"
    )
    return send_each(_messages(subject, body, recipients))
