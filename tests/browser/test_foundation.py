"""Signing in as each role, the navigation, and axe-core on the login and home pages."""

import pytest
from playwright.sync_api import expect

from accounts import roles
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

ROLE_CASES = [
    (roles.AGENCY_LEADERS, "Agency leader", False),
    (roles.DATA_OFFICERS, "Data officer", False),
    (roles.SHARING_REVIEWERS, "Sharing reviewer", False),
    (roles.HUB_CURATORS, "Hub curator", True),
    (roles.AI_REVIEWERS, "AI reviewer", False),
]


def test_login_page_has_no_accessibility_violations(page, assert_accessible):
    page.goto("/")
    expect(page).to_have_url("/accounts/login/?next=/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize(("group", "label", "sees_admin"), ROLE_CASES)
def test_each_role_signs_in_and_sees_the_navigation(
    page, sign_in, assert_accessible, group, label, sees_admin
):
    agency = factories.AgencyFactory(code="DPH", name="Department of Public Health")
    user = factories.UserFactory(role=group, agency=agency, first_name="Pat")
    sign_in(page, user)
    expect(page.get_by_role("heading", name="Welcome, Pat")).to_be_visible()
    nav = page.get_by_role("navigation", name="Main")
    for link in ["Resources", "Needs assessment", "Data sharing", "AI use cases"]:
        expect(nav.get_by_role("link", name=link, exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="Admin", exact=True)).to_have_count(1 if sees_admin else 0)
    nav.get_by_role("button", name=user.get_full_name()).click()
    expect(page.get_by_test_id("user-agency")).to_contain_text("Department of Public Health")
    expect(page.get_by_test_id("user-role")).to_have_text(label)
    assert_accessible(page)


def test_keyboard_user_skips_to_content_and_signs_out(page, sign_in):
    user = factories.UserFactory(role=roles.DATA_OFFICERS, first_name="Kim")
    sign_in(page, user)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.get_by_role("button", name=user.get_full_name()).focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Sign out").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.goto("/")
    expect(page).to_have_url("/accounts/login/?next=/")


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/no-such-page/", "Page not found"),
        ("/resources/curation/", "You do not have access to this page"),
        ("/sharing/?q=%00", None),
    ],
)
def test_error_pages_use_the_layout_and_pass_axe(page, sign_in, assert_accessible, path, heading):
    sign_in(page, factories.UserFactory(role=roles.AGENCY_LEADERS, first_name="Eve"))
    response = page.goto(path)
    assert response.status in (400, 403, 404)
    if heading:
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    assert_accessible(page)
