"""Only a complete intake is submitted; only a dated, signed agreement is marked executed."""

import datetime
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from sharing import services, workflow
from sharing.forms import PurposeForm
from sharing.models import AttachmentKind, RequestAttachment, SharingRequest, State
from sharing.wizard import STEPS
from tests.sharing.factories import signed_agreement

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
NEXT_YEAR = TODAY + datetime.timedelta(days=365)
# Required by the wizard but never empty in the database (a foreign key; a choice with a
# default under a check constraint), so no stored request can lack them.
ALWAYS_SET = {"providing_agency", "identifiability"}
WIZARD_REQUIRED = [
    (step.key, name, str(field.label))
    for step in STEPS
    for name, field in step.form_class().fields.items()
    if field.required and name not in ALWAYS_SET
]


def act(sr, user, name, **kwargs):
    sr.refresh_from_db()
    return workflow.apply_transition(sr.pk, user, name, version=sr.version, **kwargs)


def blank(sr, name):
    if name == "categories":
        sr.categories.clear()
    else:
        SharingRequest.objects.filter(pk=sr.pk).update(
            **{name: None if name == "term_months" else ""}
        )


def approved(sr, requester, reviewer):
    act(sr, requester, "submit")
    act(sr, reviewer, "approve")
    sr.refresh_from_db()
    return sr


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# Submission --------------------------------------------------------------------------------


def test_title_only_request_is_not_submitted(requester, sde):
    sr = services.create_request(requester, title="Wages", providing_agency=sde)
    mail.outbox.clear()
    with pytest.raises(workflow.InvalidInput) as error:
        act(sr, requester, "submit")
    message = str(error.value).lower()
    for _, name, label in WIZARD_REQUIRED:
        if name != "title":
            assert label.lower() in message, label
    assert "short title" not in message
    sr.refresh_from_db()
    assert sr.state == State.DRAFT and sr.submitted_at is None
    assert list(sr.logs.values_list("action", flat=True)) == ["create"]
    assert mail.outbox == []


@pytest.mark.parametrize(("step", "name", "label"), WIZARD_REQUIRED)
def test_each_field_the_wizard_requires_is_required_to_submit(draft, requester, step, name, label):
    blank(draft, name)
    with pytest.raises(workflow.InvalidInput) as error:
        act(draft, requester, "submit")
    assert label.lower() in str(error.value).lower()
    draft.refresh_from_db()
    assert draft.state == State.DRAFT


def test_blank_text_counts_as_missing(draft, requester):
    SharingRequest.objects.filter(pk=draft.pk).update(purpose="  \n ", term_months=0)
    with pytest.raises(workflow.InvalidInput) as error:
        act(draft, requester, "submit")
    assert "purpose" in str(error.value).lower() and "term (months)" in str(error.value).lower()


def test_resubmit_also_needs_a_complete_intake(draft, requester, provider):
    act(draft, requester, "submit")
    act(draft, provider, "request_changes", comment="Narrow it.")
    blank(draft, "data_elements")
    with pytest.raises(workflow.InvalidInput, match="data elements"):
        act(draft, requester, "resubmit")
    draft.refresh_from_db()
    assert draft.state == State.CHANGES_REQUESTED


def test_submit_of_incomplete_request_over_http_says_what_is_missing(client, requester, sde):
    sr = services.create_request(requester, title="Wages", providing_agency=sde)
    client.force_login(requester)
    response = client.post(
        f"/sharing/requests/{sr.pk}/actions/", {"action": "submit", "version": sr.version}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Complete the intake before you submit for review" in page
    assert "legal authority or exception" in page and "term (months)" in page
    sr.refresh_from_db()
    assert sr.state == State.DRAFT and not sr.logs.filter(action="submit").exists()


# Mark executed ----------------------------------------------------------------------------


def test_mark_executed_needs_the_signed_agreement(draft, requester, sharing_reviewer):
    approved(draft, requester, sharing_reviewer)
    dates = {"effective_date": TODAY, "expiry_date": NEXT_YEAR}
    with pytest.raises(workflow.InvalidInput, match="signed agreement"):
        act(draft, sharing_reviewer, "mark_executed", **dates)
    RequestAttachment.objects.create(
        request=draft,
        uploaded_by=requester,
        file="x/plan.pdf",
        name="plan.pdf",
        content_type="application/pdf",
        size=1,
    )  # a supporting document is not the agreement
    with pytest.raises(workflow.InvalidInput, match="signed agreement"):
        act(draft, sharing_reviewer, "mark_executed", **dates)
    draft.refresh_from_db()
    assert draft.state == State.APPROVED and draft.effective_date is None
    signed_agreement(draft, sharing_reviewer)
    act(draft, sharing_reviewer, "mark_executed", **dates)
    draft.refresh_from_db()
    assert draft.state == State.EXECUTED and draft.expiry_date == NEXT_YEAR


def test_mark_executed_names_dates_and_agreement_together(draft, requester, sharing_reviewer):
    approved(draft, requester, sharing_reviewer)
    with pytest.raises(workflow.InvalidInput) as error:
        act(draft, sharing_reviewer, "mark_executed")
    assert {"effective_date", "expiry_date"} <= set(error.value.errors)
    assert "signed agreement" in str(error.value)


def test_incomplete_request_is_not_executed_even_if_approved(draft, requester, sharing_reviewer):
    """A request submitted before submission checked the intake cannot reach the register."""
    approved(draft, requester, sharing_reviewer)
    signed_agreement(draft, sharing_reviewer)
    blank(draft, "categories")
    with pytest.raises(workflow.InvalidInput, match="data categories"):
        act(draft, sharing_reviewer, "mark_executed", effective_date=TODAY, expiry_date=NEXT_YEAR)
    draft.refresh_from_db()
    assert draft.state == State.APPROVED


def test_mark_executed_over_http_without_agreement_is_refused(
    client, draft, requester, sharing_reviewer
):
    approved(draft, requester, sharing_reviewer)
    client.force_login(sharing_reviewer)
    response = client.post(
        f"/sharing/requests/{draft.pk}/actions/",
        {
            "action": "mark_executed",
            "version": draft.version,
            "effective_date": TODAY.isoformat(),
            "expiry_date": NEXT_YEAR.isoformat(),
        },
    )
    assert response.status_code == 400
    assert "Attach the signed agreement" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == State.APPROVED


def test_upload_signed_agreement_then_mark_executed_over_http(
    client, draft, requester, sharing_reviewer, media
):
    approved(draft, requester, sharing_reviewer)
    client.force_login(sharing_reviewer)
    upload = SimpleUploadedFile("signed.pdf", b"%PDF-1.7 signed by both agencies")
    response = client.post(
        f"/sharing/requests/{draft.pk}/attachments/",
        {"file": upload, "kind": AttachmentKind.SIGNED_AGREEMENT},
    )
    assert response.status_code == 302
    assert draft.attachments.get().kind == AttachmentKind.SIGNED_AGREEMENT
    page = client.get(f"/sharing/requests/{draft.pk}/").content.decode()
    assert "Signed agreement" in page
    draft.refresh_from_db()
    response = client.post(
        f"/sharing/requests/{draft.pk}/actions/",
        {
            "action": "mark_executed",
            "version": draft.version,
            "effective_date": TODAY.isoformat(),
            "expiry_date": NEXT_YEAR.isoformat(),
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == State.EXECUTED


def test_upload_without_kind_is_a_supporting_document(client, draft, requester, media):
    client.force_login(requester)
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.7 plan")
    client.post(f"/sharing/requests/{draft.pk}/attachments/", {"file": upload})
    assert draft.attachments.get().kind == AttachmentKind.SUPPORTING


def test_demo_executed_agreement_has_its_signed_agreement(media):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_sharing_demo", stdout=io.StringIO())
    executed = SharingRequest.objects.get(state=State.EXECUTED)
    assert executed.attachments.filter(kind=AttachmentKind.SIGNED_AGREEMENT).exists()
    assert workflow.missing_intake(executed) == {}


# The wizard's stale-edit check ------------------------------------------------------------


def test_wizard_save_without_version_is_refused(client, draft, requester):
    client.force_login(requester)
    draft.refresh_from_db()
    version = draft.version
    response = client.post(
        f"/sharing/requests/{draft.pk}/edit/purpose/",
        {"purpose": "My unversioned purpose", "legal_authority": "L"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "My unversioned purpose" in page  # the entries are kept
    assert f'name="version" value="{version}"' in page  # to save again knowingly
    draft.refresh_from_db()
    assert draft.purpose != "My unversioned purpose" and draft.version == version


@pytest.mark.parametrize("version", ["", "abc"])
def test_wizard_save_with_unreadable_version_is_refused(client, draft, requester, version):
    client.force_login(requester)
    response = client.post(
        f"/sharing/requests/{draft.pk}/edit/purpose/",
        {"purpose": "Changed", "legal_authority": "L", "version": version},
    )
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.purpose != "Changed"


def test_save_step_refuses_an_unknown_version(draft, requester):
    form = PurposeForm({"purpose": "P", "legal_authority": "L"}, instance=draft)
    assert form.is_valid()
    with pytest.raises(services.StaleDraft):
        services.save_step(form, requester, None)
    draft.refresh_from_db()
    assert draft.purpose != "P"
