"""Request ids in responses and logs, JSON logs in production, optional OIDC sign-on."""

import json
import uuid

import pytest

from tests.project.test_health_and_settings import PROD_ENV, run_python

TRACE_ID = "6f1c2b7e-3d4a-4f5b-9c8d-0e1f2a3b4c5d"


@pytest.mark.django_db
def test_every_response_carries_a_request_id(leader_client):
    response = leader_client.get("/")
    assert uuid.UUID(response["X-Request-ID"])
    given = leader_client.get("/", HTTP_X_REQUEST_ID=TRACE_ID)
    assert given["X-Request-ID"] == TRACE_ID


@pytest.mark.django_db
@pytest.mark.parametrize(
    "given", ["trace-abc-123", "x" * 5000, "6f1c2b7e\nINFO forged log line", "' OR 1=1 --"]
)
def test_a_request_id_that_is_not_a_uuid_is_replaced(leader_client, given):
    response = leader_client.get("/", HTTP_X_REQUEST_ID=given)
    assert response["X-Request-ID"] != given
    assert uuid.UUID(response["X-Request-ID"])


def test_production_logs_are_json_lines_with_the_request_id(prod_env):
    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "Client().get('/no-such-page/', HTTP_HOST='datahub.ct.gov', secure=True,"
        f" HTTP_X_REQUEST_ID='{TRACE_ID}')"
    )
    result = run_python(code, prod_env)
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert lines, result.stderr[-2000:]
    assert any(line.get("request_id") == TRACE_ID for line in lines)
    assert all({"time", "level", "name", "message"} <= set(line) for line in lines)


OIDC_ENV = {
    **PROD_ENV,
    "OIDC_RP_CLIENT_ID": "state-data-hub",
    "OIDC_RP_CLIENT_SECRET": "not-a-real-secret",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://login.example.ct.gov/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://login.example.ct.gov/token",
    "OIDC_OP_USER_ENDPOINT": "https://login.example.ct.gov/userinfo",
}


def test_sso_is_off_unless_configured(client):
    assert client.get("/oidc/authenticate/").status_code in (302, 404)
    result = run_python(
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.OIDC_ENABLED)",
        PROD_ENV,
    )
    assert result.stdout.strip() == "False"


def test_sso_when_configured_sends_the_browser_to_the_identity_provider(
    prod_env, test_database_url
):
    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "c = Client(HTTP_HOST='datahub.ct.gov');"
        "login = c.get('/accounts/login/', secure=True);"
        "print('state account' in login.content.decode());"
        "r = c.get('/oidc/authenticate/', secure=True);"
        "print(r.status_code, r['Location'].split('?')[0]);"
        "print('client_id=state-data-hub' in r['Location'])"
    )
    # The sign-on view keeps its state in the session, so this server needs a real database.
    env = {**OIDC_ENV, "STATIC_ROOT": prod_env["STATIC_ROOT"], "DATABASE_URL": test_database_url}
    result = run_python(code, env)
    assert result.stdout.split("\n")[:3] == [
        "True",
        "302 https://login.example.ct.gov/authorize",
        "True",
    ], result.stderr[-2000:]


@pytest.mark.django_db
def test_sso_backend_matches_only_onboarded_active_users(settings, leader):
    for name, value in OIDC_ENV.items():
        if name.startswith("OIDC_"):
            setattr(settings, name, value)
    from accounts.oidc import StateOIDCBackend

    backend = StateOIDCBackend()
    assert list(backend.filter_users_by_claims({"email": leader.email.upper()})) == [leader]
    assert not backend.filter_users_by_claims({"email": "stranger@ct.gov"}).exists()
    assert not backend.filter_users_by_claims({}).exists()
    leader.is_active = False
    leader.save()
    assert not backend.filter_users_by_claims({"email": leader.email}).exists()


@pytest.mark.django_db
def test_sso_sessions_load_the_user_with_agency_and_groups_and_only_if_active(
    settings, leader, django_assert_num_queries
):
    for name, value in OIDC_ENV.items():
        if name.startswith("OIDC_"):
            setattr(settings, name, value)
    from accounts.oidc import StateOIDCBackend

    backend = StateOIDCBackend()
    with django_assert_num_queries(2):
        user = backend.get_user(leader.pk)
        assert user == leader and user.agency.code == leader.agency.code
        assert [g.name for g in user.groups.all()] == ["Agency leaders"]
    leader.is_active = False
    leader.save()
    assert backend.get_user(leader.pk) is None
    assert backend.get_user("not a number") is None
