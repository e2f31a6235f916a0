"""The request page: buttons, actions over HTTP, the lost race, comments and attachments."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sharing import workflow
from sharing.models import State
from tests.sharing.factories import signed_agreement

pytestmark = pytest.mark.django_db
BUTTONS = [
    "Submit for review", "Request changes", "Approve", "Reject", "Withdraw",
    "Mark executed", "Renew", "Terminate", "Verify destruction and close",
]  # fmt: skip


def buttons(page: str) -> list[str]:
    return [label for label in BUTTONS if f">{label}</button>" in page]


def post_action(client, sr, action, **data):
    sr.refresh_from_db()
    return client.post(
        f"/sharing/requests/{sr.pk}/actions/",
        {"action": action, "version": sr.version, "confirmed": "1", **data},
    )


def test_buttons_shown_only_for_allowed_actions(client, draft, requester, provider):
    client.force_login(requester)
    assert buttons(client.get(f"/sharing/requests/{draft.pk}/").content.decode()) == [
        "Submit for review",
        "Withdraw",
    ]
    client.force_login(provider)
    page = client.get(f"/sharing/requests/{draft.pk}/").content.decode()
    assert buttons(page) == []
    assert "There is nothing for you to do" in page


def test_actions_over_http_and_timeline(client, draft, requester, sharing_reviewer):
    client.force_login(requester)
    assert post_action(client, draft, "submit").status_code == 302
    client.force_login(sharing_reviewer)
    response = post_action(client, draft, "request_changes", comment="Narrow the fields.")
    assert response.status_code == 302
    page = client.get(f"/sharing/requests/{draft.pk}/").content.decode()
    assert "Changes requested" in page and "Narrow the fields." in page
    assert page.count('<li class="border-start') == 2  # submitted, changes requested


def test_reason_missing_keeps_state_and_says_so(client, draft, requester, provider):
    client.force_login(requester)
    post_action(client, draft, "submit")
    client.force_login(provider)
    response = post_action(client, draft, "reject", comment="")
    assert response.status_code == 400
    assert "Give a reason to reject" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED


def test_lost_race_keeps_the_comment(client, draft, requester, provider, sharing_reviewer):
    client.force_login(requester)
    post_action(client, draft, "submit")
    draft.refresh_from_db()
    opened_version = draft.version
    workflow.apply_transition(draft.pk, provider, "approve", version=opened_version)
    client.force_login(sharing_reviewer)
    response = client.post(
        f"/sharing/requests/{draft.pk}/actions/",
        {"action": "reject", "version": opened_version, "comment": "My careful reasoning"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "This request changed since you opened it" in page
    assert "My careful reasoning" in page  # kept in the form
    draft.refresh_from_db()
    assert draft.state == State.APPROVED
    assert f'value="{draft.version}"' in page  # the form now carries the new version


def test_action_not_allowed_is_refused(client, draft, provider):
    client.force_login(provider)
    response = post_action(client, draft, "submit")
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.state == State.DRAFT


def test_mark_executed_with_dates_over_http(client, draft, requester, sharing_reviewer):
    client.force_login(requester)
    post_action(client, draft, "submit")
    client.force_login(sharing_reviewer)
    post_action(client, draft, "approve")
    signed_agreement(draft, sharing_reviewer)
    today = datetime.date.today()
    response = post_action(
        client,
        draft,
        "mark_executed",
        effective_date=today.isoformat(),
        expiry_date=(today + datetime.timedelta(days=365)).isoformat(),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == State.EXECUTED and draft.effective_date == today


def test_comments(client, draft, provider):
    client.force_login(provider)
    response = client.post(f"/sharing/requests/{draft.pk}/comments/", {"body": "Which years?"})
    assert response.status_code == 302
    assert "Which years?" in client.get(f"/sharing/requests/{draft.pk}/").content.decode()
    assert client.post(f"/sharing/requests/{draft.pk}/comments/", {"body": ""}).status_code == 400


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("plan.pdf", b"%PDF-1.7 security plan", True),
        ("fields.csv", b"name,type\nwages,number\n", True),
        ("photo.png", b"\x89PNG\r\n\x1a\n....", True),
        ("script.exe", b"MZ....", False),
        ("fake.pdf", b"<html>not a pdf</html>", False),
        ("binary.txt", b"\x00\x01\x02\xff\xfe", False),
    ],
)
def test_attachment_type_checked(client, draft, requester, media, name, content, ok):
    client.force_login(requester)
    response = client.post(
        f"/sharing/requests/{draft.pk}/attachments/", {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == (302 if ok else 400)
    assert draft.attachments.count() == (1 if ok else 0)


def test_attachment_size_checked(client, draft, requester, media):
    client.force_login(requester)
    big = SimpleUploadedFile("big.txt", b"a" * (10 * 1024 * 1024 + 1))
    response = client.post(f"/sharing/requests/{draft.pk}/attachments/", {"file": big})
    assert response.status_code == 400
    assert "larger than 10 MB" in response.content.decode()
