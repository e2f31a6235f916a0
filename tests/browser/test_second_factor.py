"""A curator's first visit to the admin: set up an authenticator, keep the recovery codes,
then sign in again with a recovery code, by keyboard; axe-core on each new page."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts import roles
from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_curator_sets_up_two_step_verification_and_signs_in_with_a_recovery_code(
    page, assert_accessible
):
    curator = factories.UserFactory(role=roles.HUB_CURATORS, first_name="Cora")
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(curator.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Welcome, Cora")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Admin").click()
    expect(page).to_have_url("/accounts/two-step/?next=%2Fadmin%2F")
    expect(page.get_by_role("heading", name="Two-step verification")).to_be_visible()
    expect(
        page.get_by_text("set up two-step verification before you use the admin")
    ).to_be_visible()
    key = page.get_by_label("Setup key").input_value()
    device = TOTPDevice.objects.get(user=curator, confirmed=False)
    assert key.replace(" ", "") == factories.setup_key_of(device)
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page)

    code = page.get_by_label("Code from your authenticator app")
    code.fill("000000")
    code.press("Enter")
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    factories.unthrottle(curator)
    page.get_by_label("Code from your authenticator app").fill(factories.next_code(device))
    page.get_by_role("button", name="Turn on two-step verification").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    codes = page.get_by_test_id("recovery-codes").locator("li").all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page)
    page.get_by_role("link", name="I have kept my codes, continue").click()
    expect(page).to_have_url("/admin/")
    expect(page.get_by_role("heading", name="Curation")).to_be_visible()

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(curator.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    expect(page.get_by_label("Code")).to_be_focused()
    assert_accessible(page)
    page.keyboard.type(codes[0])
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Welcome, Cora")).to_be_visible()
    page.goto("/admin/")
    expect(page.get_by_role("heading", name="Curation")).to_be_visible()
