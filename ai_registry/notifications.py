"""Emails about AI use cases' reviews: one message per address, never to the one who acted."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse

from accounts import roles
from accounts.models import User
from ai_registry.states import State
from config.mail import MailServerDown, send_each
from hub.input_checks import header_safe

logger = logging.getLogger(__name__)

# After these steps the AI reviewers have something to do.
REVIEWERS_NEEDED = {State.SUBMITTED}


def agency_people(use_case):
    """Active data officers and leaders of the use case's agencies, and its author."""
    agencies = [use_case.agency_id] + [p.agency_id for p in use_case.participants.all()]
    return User.objects.filter(
        is_active=True,
        groups__name__in=[roles.DATA_OFFICERS, roles.AGENCY_LEADERS],
        agency_id__in=agencies,
    ).distinct()


def reviewers():
    return User.objects.filter(is_active=True, groups__name=roles.AI_REVIEWERS).distinct()


def _messages(subject: str, body: str, users) -> list[EmailMessage]:
    """One message per address; the subject (typed by users) reduced to one clean line."""
    subject = header_safe(subject)
    addresses = sorted({header_safe(u.email, 254) for u in users if u.email})
    return [EmailMessage(subject, body, to=[address]) for address in addresses if address]


def use_case_url(use_case) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("ai_registry:detail", args=[use_case.pk])


def transition_recipients(use_case, to_state, actor) -> list:
    recipients = list(agency_people(use_case))
    if to_state in REVIEWERS_NEEDED:
        recipients += list(reviewers())
    if actor is not None:
        recipients = [u for u in recipients if u.pk != actor.pk]
    return recipients


def transition_happened(use_case, log, transition) -> int:
    recipients = transition_recipients(use_case, log.to_state, log.actor)
    actor = log.actor.get_full_name() or log.actor.email if log.actor else "The State Data Hub"
    subject = f"[AI use cases] AI-{use_case.pk} {transition.past}: {use_case.title}"
    lines = [
        f"{actor} moved AI use case AI-{use_case.pk} ({use_case.title}) of "
        f"{use_case.agency.name} from {State(log.from_state).label} to "
        f"{State(log.to_state).label}.",
    ]
    if log.comment and log.action == "request_changes":
        lines += ["", "The reviewers' reason (what to change):", log.comment]
    elif log.comment and log.action == "approve_with_conditions":
        lines += ["", "The conditions of approval:", log.comment]
    elif log.comment:
        lines += ["", "Reason:", log.comment]
    lines += ["", f"Open the use case: {use_case_url(use_case)}"]
    try:
        return send_each(_messages(subject, "\n".join(lines), recipients))
    except MailServerDown as error:
        logger.exception("AI use case email not sent: AI-%s", use_case.pk)
        return error.sent
