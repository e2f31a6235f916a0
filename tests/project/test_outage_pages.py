"""With the database down, every page answers 503 "not saved" and hands back what was typed.

The database is made unreachable for real (tests/outage.py: the connection's address points
at a closed port, so psycopg's connect is refused as when the server is down); the tests are
transactional because the test's connection is closed. The signed-in client's session is in
the database, so its first use (the session and user load, before any view) is what fails.
"""

import pytest

from tests import factories
from tests.outage import database_down

pytestmark = pytest.mark.django_db(transaction=True)

NOT_SAVED = "Not saved: the service could not reach its database."


@pytest.fixture
def signed_in(client):
    client.force_login(factories.leader(agency=factories.AgencyFactory(code="ZZA")))
    return client


def test_a_signed_in_page_answers_503_not_saved_and_the_user_stays_signed_in(signed_in):
    with database_down():
        page = signed_in.get("/")
    assert page.status_code == 503
    assert NOT_SAVED in page.content.decode()
    assert page["Retry-After"] == "30"
    assert "no-store" in page["Cache-Control"]
    assert page.cookies.get("sessionid") is None  # the session cookie is left as it was

    assert "Welcome" in signed_in.get("/").content.decode()  # the database is back


@pytest.mark.parametrize("with_cookie", [True, False])
def test_healthz_answers_json_503_with_or_without_a_session_cookie(client, with_cookie):
    if with_cookie:
        client.force_login(factories.leader(agency=factories.AgencyFactory(code="ZZB")))
    with database_down():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "down"}


def test_what_was_typed_comes_back_escaped_read_only_and_without_secrets(signed_in):
    typed = {
        "comment": "Wage <b>records</b> for 2019 & 2020",
        "purpose": "Match exits\nto wages",
        "new_password1": "hunter2-hunter2",
        "api_token": "tok-123",
        "client_secret": "sec-456",
        "version": "7",
        "csrfmiddlewaretoken": "csrf-789",
        "action": "add-comment",
    }
    with database_down():
        page = signed_in.post("/sharing/requests/1/comments/", typed)
    assert page.status_code == 503
    html = page.content.decode()
    assert "What you typed is below; copy it before you leave the page." in html
    assert "Wage &lt;b&gt;records&lt;/b&gt; for 2019 &amp; 2020" in html
    assert "<b>records" not in html
    assert "Match exits\nto wages" in html
    assert html.count("readonly") == 2
    for secret in ("hunter2-hunter2", "tok-123", "sec-456", "csrf-789", '"version"', "add-comment"):
        assert secret not in html


def test_a_database_error_inside_a_view_answers_the_same_page(client):
    with database_down():  # no session cookie: the sign-in view is first to query
        page = client.post(
            "/accounts/login/", {"username": "lee@example.ct.gov", "password": "demo-pass-2026"}
        )
    assert page.status_code == 503
    html = page.content.decode()
    assert NOT_SAVED in html and "lee@example.ct.gov" in html
    assert "demo-pass-2026" not in html


def test_a_request_asking_for_json_gets_json_503(signed_in):
    with database_down():
        response = signed_in.post(
            "/sharing/requests/1/comments/", {"body": "Hi"}, headers={"Accept": "application/json"}
        )
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {
        "saved": False,
        "error": "The service could not reach its database. Nothing was saved.",
        "retry_after": 30,
    }
