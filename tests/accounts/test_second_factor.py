"""Two-step verification: the code step of sign-in, the admin's demand for it when single
sign-on is off, setting it up, recovery codes, the lockout, and trust in single sign-on."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import second_factor
from accounts.models import SecurityEvent
from tests import factories
from tests.factories import PASSWORD

Kind = SecurityEvent.Kind
OIDC_BACKEND = "accounts.oidc.StateOIDCBackend"


def sign_in(client, email, password=PASSWORD):
    return client.post("/accounts/login/", {"username": email, "password": password})


def enter_code(client, code, next_url=""):
    path = "/accounts/login/code/" + (f"?next={next_url}" if next_url else "")
    return client.post(path, {"code": code})


def kinds(user):
    events = SecurityEvent.objects.filter(user=user).order_by("id")
    return list(events.values_list("kind", flat=True))


@pytest.fixture
def oidc_configured(settings):
    settings.OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, OIDC_BACKEND]
    settings.OIDC_RP_CLIENT_ID = "state-data-hub"
    settings.OIDC_RP_CLIENT_SECRET = "not-a-real-secret"  # noqa: S105
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://login.example.ct.gov/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://login.example.ct.gov/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://login.example.ct.gov/userinfo"
    return settings


@pytest.mark.django_db
@pytest.mark.unverified_staff
def test_staff_without_a_device_are_sent_to_set_one_up_before_the_admin(client, curator):
    client.force_login(curator)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-step/?next=%2Fadmin%2F"
    page = client.get(response["Location"])
    assert "set up two-step verification before you use the admin" in page.text
    assert client.get("/").status_code == 200  # the rest of the hub is open to them


@pytest.mark.django_db
@pytest.mark.unverified_staff
def test_staff_set_up_an_authenticator_then_reach_the_admin(client, curator):
    client.force_login(curator)
    page = client.get("/accounts/two-step/?next=/admin/")
    device = TOTPDevice.objects.get(user=curator, confirmed=False)
    assert second_factor.setup_key(device) in page.text
    assert "otpauth://totp/" in page.text
    wrong = client.post("/accounts/two-step/", {"action": "confirm", "code": "000000"})
    assert "That code is not right" in wrong.text and 'class="error-summary"' in wrong.text
    factories.unthrottle(curator)
    done = client.post(
        "/accounts/two-step/",
        {"action": "confirm", "code": factories.next_code(device), "next": "/admin/"},
    )
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and all(code in done.text for code in codes)
    assert 'href="/admin/"' in done.text
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200
    assert Kind.MFA_ENABLED in kinds(curator)


@pytest.mark.django_db
@pytest.mark.unverified_staff
def test_staff_with_a_device_must_enter_a_code_before_the_admin(client, curator):
    device = factories.give_second_factor(curator)
    client.force_login(curator)
    response = client.get("/admin/")
    assert response["Location"] == "/accounts/login/code/?next=%2Fadmin%2F"
    assert "Enter your code" in client.get(response["Location"]).text
    done = enter_code(client, factories.next_code(device), next_url="/admin/")
    assert done["Location"] == "/admin/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_sign_in_with_a_device_asks_for_the_code_before_signing_in(client, leader):
    device = factories.give_second_factor(leader)
    response = sign_in(client, leader.email)
    assert response["Location"] == "/accounts/login/code/"
    assert "_auth_user_id" not in client.session  # a password alone signs nobody in
    assert client.get("/")["Location"].startswith("/accounts/login/")
    done = enter_code(client, factories.next_code(device))
    assert done["Location"] == "/"
    assert client.session["_auth_user_id"] == str(leader.pk)
    assert f"Welcome, {leader.first_name}" in client.get("/").text


@pytest.mark.django_db
def test_the_code_step_keeps_the_page_asked_for(client, leader):
    device = factories.give_second_factor(leader)
    client.post(
        "/accounts/login/", {"username": leader.email, "password": PASSWORD, "next": "/sharing/"}
    )
    assert enter_code(client, factories.next_code(device))["Location"] == "/sharing/"


@pytest.mark.django_db
def test_sign_in_without_a_device_has_no_code_step(client, leader):
    assert sign_in(client, leader.email)["Location"] == "/"
    assert client.session["_auth_user_id"] == str(leader.pk)


@pytest.mark.django_db
def test_the_code_step_without_a_right_password_goes_back_to_sign_in(client):
    assert client.get("/accounts/login/code/")["Location"] == "/accounts/login/"
    assert enter_code(client, "123456")["Location"] == "/accounts/login/"


@pytest.mark.django_db
def test_signed_in_without_an_authenticator_the_code_step_leads_to_setting_one_up(
    leader_client, leader
):
    assert leader_client.post("/accounts/login/code/", {"code": "123456"})["Location"] == (
        "/accounts/two-step/"
    )
    assert not SecurityEvent.objects.filter(kind=Kind.SECOND_FACTOR_FAILED).exists()


@pytest.mark.django_db
def test_wrong_codes_count_towards_the_lockout_as_wrong_passwords_do(client, leader):
    factories.give_second_factor(leader)
    sign_in(client, leader.email)
    for _ in range(4):
        response = enter_code(client, "000000")
        assert response.status_code == 200 and "That code is not right" in response.text
    locked = enter_code(client, "000000")
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.text
    # the account is locked for a password too, and a right code no longer helps
    assert sign_in(client, leader.email).status_code == 429
    assert "_auth_user_id" not in client.session
    events = kinds(leader)
    assert events.count(Kind.SECOND_FACTOR_FAILED) == 5
    assert Kind.LOCKED_OUT in events


@pytest.mark.django_db
def test_a_recovery_code_signs_in_once(client, leader):
    factories.give_second_factor(leader)
    code = second_factor.renew_recovery_codes(leader)[0]
    sign_in(client, leader.email)
    assert enter_code(client, code.upper())["Location"] == "/"
    assert client.session["_auth_user_id"] == str(leader.pk)
    client.post("/accounts/logout/")
    sign_in(client, leader.email)
    again = enter_code(client, code)
    assert again.status_code == 200 and "That code is not right" in again.text
    assert "_auth_user_id" not in client.session
    assert second_factor.recovery_codes_left(leader) == 9
    used = SecurityEvent.objects.get(user=leader, kind=Kind.RECOVERY_CODE_USED)
    assert used.details == {"left": 9}


@pytest.mark.django_db
def test_anyone_may_turn_two_step_verification_on_and_off(leader_client, leader):
    page = leader_client.get("/accounts/two-step/")
    assert "Off." in page.text and "set up two-step verification before" not in page.text
    device = TOTPDevice.objects.get(user=leader, confirmed=False)
    leader_client.post(
        "/accounts/two-step/", {"action": "confirm", "code": factories.next_code(device)}
    )
    assert second_factor.has_second_factor(leader)
    assert "On." in leader_client.get("/accounts/two-step/").text
    refused = leader_client.post("/accounts/two-step/", {"action": "disable", "code": "000000"})
    assert "That code is not right" in refused.text
    assert second_factor.has_second_factor(leader)
    factories.unthrottle(leader)
    leader_client.post(
        "/accounts/two-step/", {"action": "disable", "code": factories.next_code(device)}
    )
    assert not second_factor.has_second_factor(leader)
    assert kinds(leader)[-1] == Kind.MFA_DISABLED
    assert Kind.MFA_ENABLED in kinds(leader)


@pytest.mark.django_db
def test_new_recovery_codes_replace_the_old_ones(leader_client, leader):
    device = factories.give_second_factor(leader)
    old = second_factor.renew_recovery_codes(leader)
    response = leader_client.post(
        "/accounts/two-step/", {"action": "renew", "code": factories.next_code(device)}
    )
    new = response.context["codes"]
    assert 'href="/"' in response.text  # "continue" leads home
    assert len(new) == 10 and not set(new) & set(old)
    assert second_factor.verify_code(None, leader, old[0]) is None
    factories.unthrottle(leader)
    assert second_factor.verify_code(None, leader, new[0]) is not None
    assert Kind.RECOVERY_CODES_RENEWED in kinds(leader)


@pytest.mark.django_db
@pytest.mark.unverified_staff
def test_single_sign_on_is_trusted_for_the_admin(client, curator, oidc_configured):
    client.force_login(curator, backend=OIDC_BACKEND)
    assert client.session[BACKEND_SESSION_KEY] == OIDC_BACKEND
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
@pytest.mark.unverified_staff
def test_with_single_sign_on_a_password_session_still_needs_a_code_for_the_admin(
    client, curator, oidc_configured
):
    client.force_login(curator, backend="accounts.backends.UserWithAgencyBackend")
    assert client.get("/admin/")["Location"].startswith("/accounts/two-step/")


@pytest.mark.django_db
def test_a_setting_switches_password_sign_in_off_for_all_but_superusers(
    client, leader, oidc_configured
):
    oidc_configured.LOCAL_SIGN_IN_SUPERUSERS_ONLY = True
    refused = sign_in(client, leader.email)
    assert refused.status_code == 200
    assert "Sign in with your state account" in refused.text
    assert "_auth_user_id" not in client.session
    admin = factories.UserFactory(is_staff=True, is_superuser=True)
    device = factories.give_second_factor(admin)
    assert sign_in(client, admin.email)["Location"] == "/accounts/login/code/"
    assert enter_code(client, factories.next_code(device))["Location"] == "/"


@pytest.mark.django_db
def test_the_code_step_waits_only_a_few_minutes_after_the_password(client, leader, settings):
    device = factories.give_second_factor(leader)
    sign_in(client, leader.email)
    settings.SECOND_FACTOR_PENDING_SECONDS = 0
    assert enter_code(client, factories.next_code(device))["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session
