""" "Suggest a resource": what people searched for and did not find, and the curators' answer.

Writes in transactions; the person is emailed when a curator marks their suggestion added
(the email goes once, after the commit, and `notified_at` records it).
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from config.mail import send_each
from hub.search_models import ResourceSuggestion, SuggestionStatus


@transaction.atomic
def suggest(person, needed: str, link: str = "", query: str = "") -> ResourceSuggestion:
    return ResourceSuggestion.objects.create(
        person=person, needed=needed.strip(), link=link.strip(), query=query.strip()[:200]
    )


def open_count() -> int:
    return ResourceSuggestion.objects.filter(status=SuggestionStatus.OPEN).count()


@transaction.atomic
def decide(suggestion: ResourceSuggestion, status: str, resource=None) -> ResourceSuggestion:
    """Mark a suggestion added (with the resource added for it), declined or open again.

    Added for the first time: the person is emailed once the decision is committed."""
    suggestion = ResourceSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    suggestion.status = status
    suggestion.resource = resource if status == SuggestionStatus.ADDED else suggestion.resource
    suggestion.decided_at = None if status == SuggestionStatus.OPEN else timezone.now()
    suggestion.full_clean()
    suggestion.save()
    if status == SuggestionStatus.ADDED and suggestion.notified_at is None:
        pk = suggestion.pk
        # robust: a mail server failure is logged and leaves `notified_at` empty; the decision
        # stands (saving it again retries the email).
        transaction.on_commit(lambda: notify_added(pk), robust=True)
    return suggestion


def notify_added(pk: int) -> bool:
    """Email the person that the resource they suggested is in the catalog (once)."""
    with transaction.atomic():
        suggestion = (
            ResourceSuggestion.objects.select_for_update(of=("self",))
            .select_related("person", "resource")
            .get(pk=pk)
        )
        if suggestion.notified_at or not suggestion.resource or not suggestion.person.email:
            return False
        body = render_to_string(
            "hub/email/suggestion_added.txt",
            {
                "suggestion": suggestion,
                "resource_url": settings.SITE_URL
                + reverse("hub:resource_detail", args=[suggestion.resource.slug]),
            },
        )
        message = EmailMessage(
            "State Data Hub: the resource you suggested is in the catalog",
            body,
            settings.DEFAULT_FROM_EMAIL,
            [suggestion.person.email],
        )
        send_each([message])  # a failure raises: notified_at stays empty
        suggestion.notified_at = timezone.now()
        suggestion.save(update_fields=["notified_at"])
    return True
