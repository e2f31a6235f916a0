"""Email digests: one message per user with the new resources matching what they watch."""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import timezone

from hub.catalog_models import Resource, Watch
from hub.filters import ResourceFilter


@dataclass
class DigestSection:
    watch: Watch
    resources: list


def new_matches(watch: Watch, until):
    """Resources published since the watch's last digest (or its creation) that match it."""
    since = watch.last_sent_at or watch.created_at
    base = Resource.objects.published().filter(published_at__gt=since, published_at__lte=until)
    if watch.tag_id:
        matched = base.filter(tagged_items__tag_id=watch.tag_id)
    else:
        matched = ResourceFilter(QueryDict(watch.query), queryset=base).qs
    return list(matched.select_related("provider").order_by("-published_at", "id")[:50])


def send_digests(base_url: str = "") -> int:
    """Send each watching user one email (when something is new); returns emails sent."""
    now = timezone.now()
    sent = 0
    watches = Watch.objects.select_related("user", "tag").filter(user__is_active=True)
    by_user: dict[int, list[Watch]] = {}
    for watch in watches.order_by("user_id", "created_at"):
        by_user.setdefault(watch.user_id, []).append(watch)
    for user_watches in by_user.values():
        user = user_watches[0].user
        sections = [DigestSection(w, new_matches(w, now)) for w in user_watches]
        sections = [s for s in sections if s.resources]
        if sections:
            count = len({r.pk for s in sections for r in s.resources})
            body = render_to_string(
                "hub/email/digest.txt",
                {"user": user, "sections": sections, "base_url": base_url, "count": count},
            )
            send_mail(
                f"State Data Hub: {count} new resource{'s' if count != 1 else ''} you watch",
                body,
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
            )
            sent += 1
        with transaction.atomic():
            Watch.objects.filter(pk__in=[w.pk for w in user_watches]).update(last_sent_at=now)
    return sent
