"""Signing in and out, password reset, lockout, and the pages every user sees."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from tests import factories
from tests.factories import PASSWORD


def sign_in(client, email, password=PASSWORD):
    return client.post("/accounts/login/", {"username": email, "password": password})


@pytest.mark.django_db
def test_user_signs_in_with_email_and_lands_on_home(client, leader):
    response = sign_in(client, leader.email.upper())
    assert response.status_code == 302 and response["Location"] == "/"
    page = client.get("/")
    assert f"Welcome, {leader.first_name}" in page.text
    assert "Department of Social Services" in page.text


@pytest.mark.django_db
def test_wrong_password_shows_an_error(client, leader):
    response = sign_in(client, leader.email, "wrong-password")
    assert response.status_code == 200
    assert "enter a correct email address and password" in response.text


@pytest.mark.django_db
def test_login_rotates_the_session_key(client, leader):
    client.get("/accounts/login/")
    client.cookies["sessionid"] = "attacker-chosen"
    sign_in(client, leader.email)
    assert client.cookies["sessionid"].value != "attacker-chosen"


@pytest.mark.django_db
def test_repeated_failures_lock_the_account(client, leader):
    for _ in range(5):
        sign_in(client, leader.email, "wrong-password")
    response = sign_in(client, leader.email)
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.text
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_logout_is_post_only(leader_client):
    assert leader_client.get("/accounts/logout/").status_code == 405
    response = leader_client.post("/accounts/logout/")
    assert response.status_code == 302
    assert leader_client.get("/")["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_password_reset_sends_a_working_link(client, leader):
    client.post("/accounts/password_reset/", {"email": leader.email})
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = next(word for word in body.split() if "/accounts/reset/" in word)
    path = link[link.index("/accounts/reset/") :]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    new = "a-brand-new-passphrase-42"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert done.status_code == 302
    leader.refresh_from_db()
    assert leader.check_password(new)


@pytest.mark.django_db
def test_password_reset_for_unknown_email_sends_nothing(client):
    response = client.post("/accounts/password_reset/", {"email": "nobody@ct.gov"})
    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.django_db
def test_password_change_enforces_validators(leader_client):
    response = leader_client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"},
    )
    assert response.status_code == 200
    assert "too short" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/resources/", "/assessments/", "/sharing/"])
def test_area_pages_render_with_navigation(leader_client, path):
    response = leader_client.get(path)
    assert response.status_code == 200
    for label in ["Resources", "Needs assessment", "Data sharing", "Skip to main content"]:
        assert label in response.text
    assert ">Admin<" not in response.text


@pytest.mark.django_db
def test_staff_see_the_admin_link_and_reach_the_branded_admin(curator_client):
    assert ">Admin<" in curator_client.get("/").text
    admin = curator_client.get("/admin/")
    assert admin.status_code == 200
    assert "State Data Hub administration" in admin.text


@pytest.mark.django_db
def test_non_staff_cannot_use_the_admin(leader_client):
    response = leader_client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    assert "does not have access" in response.text


@pytest.mark.django_db
def test_unknown_page_uses_the_site_layout(leader_client):
    response = leader_client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "State Data Hub" in response.text


@pytest.mark.django_db
def test_users_of_no_agency_are_greeted_too(client):
    user = factories.UserFactory(agency=None)
    client.force_login(user)
    assert "No agency assigned" in client.get("/").text


@pytest.mark.django_db
def test_session_ends_after_a_working_day_and_with_the_browser(client, leader, settings):
    response = sign_in(client, leader.email)
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert 0 < client.session.get_expiry_age() <= 8 * 60 * 60
    assert client.session.get_expire_at_browser_close()


@pytest.mark.django_db
def test_a_page_loads_the_user_with_agency_and_then_groups_once(leader_client):
    # The user comes with their agency (a join) and their groups (one prefetch); the role in
    # the menu and the role checks reuse them.
    leader_client.get("/sharing/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        leader_client.get("/sharing/")
    sqls = [q["sql"] for q in queries.captured_queries]
    user_queries = [sql for sql in sqls if 'FROM "accounts_user"' in sql]
    assert len(user_queries) == 1
    assert '"accounts_agency"' in user_queries[0]
    assert len([sql for sql in sqls if 'FROM "auth_group"' in sql]) == 1
    assert [sql for sql in sqls if 'FROM "accounts_agency"' in sql] == []


@pytest.mark.django_db
def test_the_signed_in_user_has_exactly_their_groups(client, agency):
    from django.contrib.auth import get_user

    from accounts import roles

    both = factories.UserFactory(agency=agency)
    both.groups.add(*Group.objects.filter(name__in=[roles.DATA_OFFICERS, roles.AGENCY_LEADERS]))
    none = factories.UserFactory(agency=agency)
    for user, expected in ((both, {roles.DATA_OFFICERS, roles.AGENCY_LEADERS}), (none, set())):
        client.force_login(user)
        request = client.get("/").wsgi_request
        loaded = get_user(request)
        assert {g.name for g in loaded.groups.all()} == expected
        assert loaded.agency.code == agency.code


@pytest.mark.django_db
def test_a_role_taken_away_applies_on_the_next_request(client, officer):
    client.force_login(officer)
    assert client.get("/sharing/requests/new/").status_code == 200
    officer.groups.clear()
    assert client.get("/sharing/requests/new/").status_code in (403, 404)


def test_bad_request_page_uses_the_layout():
    from django.test import RequestFactory
    from django.views.defaults import bad_request

    response = bad_request(RequestFactory().get("/"), Exception())
    assert response.status_code == 400
    assert "We could not read that request" in response.content.decode()
    assert "Skip to main content" in response.content.decode()
