"""Typed attachments: each document has a type; the signed agreement is the one that
'mark executed' needs."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from sharing import workflow
from sharing.models import AttachmentKind, RequestAttachment, State

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7 test"


def upload(client, sr, kind, name="doc.pdf"):
    return client.post(
        f"/sharing/requests/{sr.pk}/attachments/",
        {"file": SimpleUploadedFile(name, PDF, "application/pdf"), "kind": kind},
    )


@pytest.mark.parametrize(
    ("kind", "label"),
    [
        ("security_plan", "Security plan"),
        ("data_dictionary", "Data dictionary"),
        ("destruction_certificate", "Destruction certificate"),
        ("supporting", "Other document"),
    ],
)
def test_each_document_has_a_type(client, draft, requester, kind, label):
    client.force_login(requester)
    page = client.get(f"/sharing/requests/{draft.pk}/").content.decode()
    assert f'value="{kind}"' in page
    assert upload(client, draft, kind).status_code == 302
    assert RequestAttachment.objects.get(request=draft).kind == kind
    page = client.get(f"/sharing/requests/{draft.pk}/").content.decode()
    assert f'data-testid="attachment-kind">{label}</span>' in page


def test_only_the_signed_agreement_allows_mark_executed(client, draft, sharing_reviewer):
    draft.state = State.APPROVED
    draft.save()
    client.force_login(sharing_reviewer)
    for kind in ("security_plan", "data_dictionary", "supporting"):
        upload(client, draft, kind)
    today = datetime.date.today()
    with pytest.raises(workflow.InvalidInput, match="Attach the signed agreement"):
        workflow.apply_transition(
            draft.pk, sharing_reviewer, "mark_executed", version=draft.version, effective_date=today
        )
    upload(client, draft, "signed_agreement")
    draft.refresh_from_db()
    workflow.apply_transition(
        draft.pk, sharing_reviewer, "mark_executed", version=draft.version, effective_date=today
    )
    draft.refresh_from_db()
    assert draft.state == State.EXECUTED


def test_unknown_type_refused_by_form_and_database(client, draft, requester):
    client.force_login(requester)
    assert upload(client, draft, "passport").status_code == 400
    attachment = RequestAttachment(
        request=draft, uploaded_by=requester, file="x.pdf", name="x.pdf",
        content_type="application/pdf", size=1, kind="passport",
    )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        attachment.save()
    assert AttachmentKind.DESTRUCTION_CERTIFICATE.label == "Destruction certificate"
