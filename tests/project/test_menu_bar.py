"""The menu bar on every page: sections with the current one marked, admin for staff, the
user menu; drawn by a template include, not built in Python."""

import re

import pytest

from accounts import roles
from tests import factories

pytestmark = pytest.mark.django_db
CURRENT_LINK = r'<a class="nav-link active" aria-current="page" href="[^"]+">(.*?)</a>'


def menu(response) -> str:
    page = response.content.decode()
    return re.search(r'<nav [^>]*aria-label="Main">(.*?)</nav>', page, re.S)[1]


def test_menu_bar_is_drawn_by_its_template(client, officer):
    client.force_login(officer)
    response = client.get("/")
    assert "_site_header.html" in [t.name for t in response.templates]


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/resources/", "Resources"),
        ("/resources/tags/", "Resources"),
        ("/assessments/", "Needs assessment"),
        ("/sharing/requests/", "Data sharing"),
        ("/hiring/analyst/", "Hiring"),
        ("/", None),
    ],
)
def test_section_of_the_page_is_marked_current(client, officer, path, current):
    client.force_login(officer)
    nav = menu(client.get(path))
    marked = re.findall(CURRENT_LINK, nav)
    assert marked == ([current] if current else [])
    assert nav.count('aria-current="page"') == len(marked)


def test_signed_in_user_sees_sections_and_their_menu(client, officer):
    client.force_login(officer)
    nav = menu(client.get("/"))
    assert '<a class="nav-link" href="/resources/">Resources</a>' in nav
    assert '<a class="nav-link" href="/assessments/">Needs assessment</a>' in nav
    assert '<a class="nav-link" href="/sharing/">Data sharing</a>' in nav
    assert ">Admin</a>" not in nav
    assert officer.get_full_name() in nav
    assert officer.agency.name in nav
    assert '<span class="text-body-secondary" data-testid="user-role">Data officer</span>' in nav
    assert '<a class="dropdown-item" href="/accounts/password_change/">Change password</a>' in nav
    assert '<form method="post" action="/accounts/logout/">' in nav
    assert 'name="csrfmiddlewaretoken"' in nav


def test_staff_see_the_admin_link(client, curator):
    client.force_login(curator)
    assert '<a class="nav-link" href="/admin/">Admin</a>' in menu(client.get("/"))


def test_user_without_agency_or_name_sees_their_email_and_no_agency(client):
    user = factories.UserFactory(
        role=roles.DATA_OFFICERS, agency=None, first_name="", last_name="", email="x@ct.gov"
    )
    client.force_login(user)
    nav = menu(client.get("/"))
    assert "x@ct.gov" in nav and "No agency" in nav


def test_anonymous_visitor_sees_only_the_brand(client):
    nav = menu(client.get("/accounts/login/"))
    assert '<a class="navbar-brand fw-semibold" href="/">State Data Hub</a>' in nav
    assert "nav-link" not in nav and "Sign out" not in nav


def test_menu_escapes_the_users_name(client):
    user = factories.UserFactory(role=roles.DATA_OFFICERS, first_name="<b>Ann</b>")
    client.force_login(user)
    nav = menu(client.get("/"))
    assert "<b>Ann</b>" not in nav and "&lt;b&gt;Ann&lt;/b&gt;" in nav
