"""Writes with rules: creating and editing a request's intake, comments, attachments.

State changes go through sharing/workflow.py only.
"""

from django.db import transaction
from django.db.models import F

from sharing.models import (
    RequestAttachment,
    RequestComment,
    SharingRequest,
    State,
    TransitionLog,
)


@transaction.atomic
def create_request(user, *, title: str, providing_agency) -> SharingRequest:
    """A data officer opens a draft for their own agency (the wizard's first step)."""
    sr = SharingRequest.objects.create(
        title=title,
        requesting_agency=user.agency,
        providing_agency=providing_agency,
        created_by=user,
    )
    TransitionLog.objects.create(
        request=sr,
        actor=user,
        action="create",
        from_state=State.DRAFT,
        to_state=State.DRAFT,
        comment="Draft started.",
    )
    return sr


@transaction.atomic
def save_step(form) -> SharingRequest:
    """Save one wizard step's form and bump the version (others' open pages go stale)."""
    sr = form.save(commit=False)
    sr.version = F("version") + 1
    sr.save()
    form.save_m2m()
    sr.refresh_from_db(fields=["version"])
    return sr


def add_comment(sr, user, body: str) -> RequestComment:
    return RequestComment.objects.create(request=sr, author=user, body=body.strip())


def add_attachment(sr, user, upload) -> RequestAttachment:
    return RequestAttachment.objects.create(
        request=sr,
        uploaded_by=user,
        file=upload,
        name=upload.name[:200],
        content_type=getattr(upload, "checked_content_type", "application/octet-stream"),
        size=upload.size,
    )
