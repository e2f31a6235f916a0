"""Writes with rules: creating and editing a request's intake, comments, attachments.

State changes go through sharing/workflow.py only. Every write renews the SHARING cache
version (config.cache_versions) inside its transaction.
"""

from django.db import DatabaseError, transaction

from config import cache_versions
from sharing import permissions
from sharing.models import (
    AttachmentKind,
    DestructionCertificate,
    RequestAttachment,
    RequestComment,
    SharingRequest,
    State,
    TransitionLog,
)


@transaction.atomic
def create_request(
    user,
    *,
    title: str,
    providing_agency,
    categories=(),
    identifiability=None,
    contractor=False,
    federal_match=False,
    research=False,
) -> SharingRequest:
    """A data officer opens a draft for their own agency (the wizard's first step), with
    the advisor's answers when started from the advisor ("Start a request with this")."""
    extra = {"identifiability": identifiability} if identifiability else {}
    sr = SharingRequest.objects.create(
        title=title,
        requesting_agency=user.agency,
        providing_agency=providing_agency,
        created_by=user,
        contractor_involved=contractor,
        federal_match=federal_match,
        research=research,
        **extra,
    )
    if categories:
        sr.categories.set(categories)
    TransitionLog.objects.create(
        request=sr,
        actor=user,
        action="create",
        from_state=State.DRAFT,
        to_state=State.DRAFT,
        comment="Draft started.",
    )
    cache_versions.changed(cache_versions.SHARING)
    return sr


class StaleDraft(Exception):
    """Someone changed the request after this user opened the step."""


@transaction.atomic
def save_step(form, user, expected_version: int | None) -> SharingRequest:
    """Save one wizard step under a row lock if the request is as the user saw it.

    Only the step's own fields are written (never the state), and the version is bumped so
    other open pages go stale. Without the version the user saw, nothing says the save
    would not overwrite someone's newer entries, so it is refused.
    """
    sr = form.save(commit=False)  # also prepares form.save_m2m()
    locked = SharingRequest.objects.select_for_update(no_key=True).get(pk=sr.pk)  # as workflow
    if expected_version is None or locked.version != expected_version:
        raise StaleDraft()
    if not permissions.can_edit(user, locked):
        raise StaleDraft()
    model_fields = {f.name for f in SharingRequest._meta.concrete_fields}
    fields = [name for name in form._meta.fields if name in model_fields]
    sr.version = locked.version + 1
    sr.save(update_fields=[*fields, "version", "updated_at"])
    form.save_m2m()
    cache_versions.changed(cache_versions.SHARING)
    return sr


@transaction.atomic
def add_comment(sr, user, body: str) -> RequestComment:
    comment = RequestComment.objects.create(request=sr, author=user, body=body.strip())
    cache_versions.changed(cache_versions.SHARING)
    return comment


def add_attachment(sr, user, upload, kind=AttachmentKind.SUPPORTING) -> RequestAttachment:
    """Store the file and its row together: if the row cannot be written, the file goes."""
    attachment = RequestAttachment(
        request=sr,
        uploaded_by=user,
        file=upload,
        name=getattr(upload, "shown_name", upload.name)[:200],
        content_type=getattr(upload, "checked_content_type", "application/octet-stream"),
        size=upload.size,
        kind=kind,
    )
    try:
        with transaction.atomic():
            attachment.save()
            cache_versions.changed(cache_versions.SHARING)
    except DatabaseError:
        stored = attachment.file.name
        if stored and stored != upload.name:  # written to storage before the row failed
            attachment.file.storage.delete(stored)
        raise
    return attachment


class CloseOutRefused(Exception):
    """The destruction cannot be certified now (not this user, not this state, done)."""


def certify_destruction(request_id: int, user, data: dict) -> DestructionCertificate:
    """The receiving agency's data officer certifies destruction with the signed PDF.

    Under the request's row lock (as sharing.workflow): the certificate, a timeline entry and
    a new version, together; the file goes if the rows cannot be written. The parties and
    the reviewers are then told that a reviewer must verify it.
    """
    from sharing import notifications

    upload = data["certificate"]
    certificate = None
    try:
        with transaction.atomic():
            sr = SharingRequest.objects.select_for_update(no_key=True).get(pk=request_id)
            if not permissions.can_certify_destruction(user, sr):
                raise CloseOutRefused("Only the receiving agency certifies, after the end.")
            if DestructionCertificate.objects.filter(request=sr).exists():
                raise CloseOutRefused("The destruction is already certified.")
            certificate = DestructionCertificate(
                request=sr,
                destroyed_on=data["destroyed_on"],
                method=data["method"],
                method_other=data.get("method_other", ""),
                official_name=data["official_name"],
                official_title=data["official_title"],
                file=upload,
                file_name=getattr(upload, "shown_name", upload.name)[:200],
                size=upload.size,
                certified_by=user,
            )
            certificate.save()
            log = TransitionLog.objects.create(
                request=sr,
                actor=user,
                action="certify_destruction",
                from_state=sr.state,
                to_state=sr.state,
                comment=(
                    f"Destruction certified: destroyed on {certificate.destroyed_on:%B %d, %Y} "
                    f"by {certificate.method_text.lower()}; signed by "
                    f"{certificate.official_name}, {certificate.official_title}. "
                    "Awaiting a reviewer's verification."
                ),
            )
            sr.version += 1
            sr.save(update_fields=["version", "updated_at"])
            cache_versions.changed(cache_versions.SHARING)
    except (DatabaseError, CloseOutRefused):
        stored = certificate.file.name if certificate is not None else ""
        if stored and stored != upload.name:  # written to storage before the rows failed
            certificate.file.storage.delete(stored)
        raise
    notifications.destruction_certified(sr, log)
    return certificate


class AssignmentRefused(Exception):
    """The request cannot be assigned so (not a reviewer, not waiting for review)."""


def assign_request(request_id: int, actor, assignee) -> SharingRequest:
    """A reviewer takes a request, or a lead assigns it to a sharing reviewer; on the
    timeline. The assignee is emailed when someone else assigned them."""
    from accounts.roles import is_reviewer
    from sharing import notifications

    with transaction.atomic():
        sr = SharingRequest.objects.select_for_update(no_key=True).get(pk=request_id)
        if assignee == actor:
            allowed = permissions.can_take(actor, sr) or permissions.can_assign(actor, sr)
        else:
            allowed = permissions.can_assign(actor, sr)
        if not allowed:
            raise AssignmentRefused("You may not assign this request now.")
        if not (assignee.is_active and is_reviewer(assignee)):
            raise AssignmentRefused("Requests are assigned to active sharing reviewers only.")
        if sr.assignee_id == assignee.pk:
            return sr
        sr.assignee = assignee
        sr.version += 1
        sr.save(update_fields=["assignee", "version", "updated_at"])
        name = assignee.get_full_name() or assignee.email
        by = "" if assignee == actor else f" by {actor.get_full_name() or actor.email}"
        TransitionLog.objects.create(
            request=sr,
            actor=actor,
            action="assign",
            from_state=sr.state,
            to_state=sr.state,
            comment=f"Assigned to {name}{by}.",
        )
        cache_versions.changed(cache_versions.SHARING)
    if assignee != actor:
        notifications.assigned(sr, assignee, actor)
    return sr
