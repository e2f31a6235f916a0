"""Personal API tokens: created and shown once, stored hashed, revoked by their owner or a
curator, and announced to the audit log by signals."""

import datetime
import hashlib

import pytest
from django.urls import reverse

from accounts import tokens
from accounts.models import ApiToken
from tests import factories


@pytest.fixture
def officer(db):
    return factories.data_officer(agency=factories.AgencyFactory(code="DSS"))


@pytest.fixture
def stranger(db):
    return factories.data_officer(agency=factories.AgencyFactory(code="DMV"))


def test_a_token_is_shown_once_and_stored_only_as_its_digest(client, officer):
    client.force_login(officer)
    page = client.post(reverse("api_token_create"), {"name": "Power BI", "days": "90"})
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    secret = page.context["secret"]["value"]
    assert secret.startswith("sdh_") and len(secret) >= 40
    assert secret in page.content.decode()
    token = ApiToken.objects.get(user=officer)
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    stored = [str(value) for value in ApiToken.objects.values_list().get()]
    assert not any(secret in value for value in stored)
    assert secret[:8] == token.prefix
    again = client.get(reverse("api_tokens"))
    assert "Power BI" in again.content.decode() and secret not in again.content.decode()


def test_the_default_expiry_is_90_days(officer):
    token, _secret = tokens.create_token(officer, "default")
    lasts = token.expires_at - token.created_at
    assert abs(lasts - datetime.timedelta(days=90)) < datetime.timedelta(minutes=1)
    with pytest.raises(ValueError):
        tokens.create_token(officer, "too long", days=tokens.MAX_DAYS + 1)


def test_a_form_without_a_name_or_with_a_long_expiry_is_refused(client, officer):
    client.force_login(officer)
    page = client.post(reverse("api_token_create"), {"name": " ", "days": "1000"})
    assert page.status_code == 400
    assert set(page.context["form"].errors) == {"name", "days"}
    assert not ApiToken.objects.exists()


def test_the_owner_revokes_after_confirming(client, officer):
    token, _secret = tokens.create_token(officer, "old report")
    client.force_login(officer)
    url = reverse("api_token_revoke", args=[token.pk])
    assert client.post(url).templates[0].name == "components/confirm.html"
    token.refresh_from_db()
    assert token.revoked_at is None
    assert client.post(url, {"confirmed": "1"})["Location"] == reverse("api_tokens")
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == officer
    assert token.status == "Revoked"


def test_nobody_else_sees_or_revokes_a_users_token(client, officer, stranger):
    token, _secret = tokens.create_token(officer, "mine")
    client.force_login(stranger)
    assert "mine" not in client.get(reverse("api_tokens")).content.decode()
    answer = client.post(reverse("api_token_revoke", args=[token.pk]), {"confirmed": "1"})
    assert answer.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert client.get(reverse("api_tokens_all")).status_code == 403


def test_curators_see_and_revoke_anyones_tokens(client, officer, stranger):
    token, secret = tokens.create_token(officer, "officer's report")
    tokens.create_token(stranger, "stranger's sheet")
    curator = factories.curator(agency=factories.AgencyFactory(code="OPM"))
    client.force_login(curator)
    page = client.get(reverse("api_tokens_all")).content.decode()
    assert "officer&#x27;s report" in page and "stranger&#x27;s sheet" in page
    assert officer.email in page
    client.logout()
    client.get(reverse("feeds:resources_csv"), HTTP_AUTHORIZATION=f"Bearer {secret}")
    client.force_login(curator)
    uses = client.get(reverse("api_tokens_all")).context["uses"]
    assert [(u.user, u.token.name, u.feed) for u in uses] == [
        (officer, "officer's report", reverse("feeds:resources_csv"))
    ]
    answer = client.post(
        reverse("api_token_revoke", args=[token.pk]), {"confirmed": "1", "back": "all"}
    )
    assert answer["Location"] == reverse("api_tokens_all")
    token.refresh_from_db()
    assert token.revoked_by == curator


def test_creating_and_revoking_send_the_audit_signals(officer):
    seen = []

    def heard(signal_name):
        def receiver(sender, token, by, **kwargs):
            seen.append((signal_name, token.name, by))

        return receiver

    created, revoked = heard("created"), heard("revoked")
    tokens.token_created.connect(created)
    tokens.token_revoked.connect(revoked)
    try:
        token, _secret = tokens.create_token(officer, "audited")
        tokens.revoke_token(token, by=officer)
        assert not tokens.revoke_token(token, by=officer)  # twice: one revocation, one signal
    finally:
        tokens.token_created.disconnect(created)
        tokens.token_revoked.disconnect(revoked)
    assert seen == [("created", "audited", officer), ("revoked", "audited", officer)]


def test_a_token_of_a_deactivated_user_no_longer_works(client, officer):
    _token, secret = tokens.create_token(officer, "leaver")
    officer.is_active = False
    officer.save()
    answer = client.get(reverse("feeds:resources_json"), HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert answer.status_code == 401


def test_creating_and_revoking_a_token_are_in_the_audit_log(officer):
    from accounts.models import SecurityEvent

    token, _secret = tokens.create_token(officer, "Power BI")
    tokens.revoke_token(token, by=officer)
    kinds = [SecurityEvent.Kind.TOKEN_CREATED, SecurityEvent.Kind.TOKEN_REVOKED]
    events = SecurityEvent.objects.filter(user=officer, kind__in=kinds).order_by("id")
    assert [(e.kind, e.details["token"]) for e in events] == [
        (SecurityEvent.Kind.TOKEN_CREATED, "Power BI"),
        (SecurityEvent.Kind.TOKEN_REVOKED, "Power BI"),
    ]
