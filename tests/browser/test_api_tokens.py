"""The API token journey: create a token, copy it once, read a feed with it, revoke it."""

import pytest
from playwright.sync_api import expect

from accounts.models import ApiToken
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_user_creates_uses_and_revokes_a_token(page, sign_in, assert_accessible):
    user = factories.data_officer(agency=factories.AgencyFactory(code="DSS"))
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, user)
    page.goto("/accounts/tokens/")
    assert_accessible(page)
    page.get_by_label("Name").fill("Power BI workforce report")
    expect(page.get_by_label("Expires after (days)")).to_have_value("90")
    page.get_by_role("button", name="Create token").click()
    secret = page.get_by_label("Your new token").input_value()
    assert secret.startswith("sdh_")
    assert_accessible(page)

    feed = page.request.get("/feeds/resources.json", headers={"Authorization": f"Bearer {secret}"})
    assert feed.status == 200 and feed.json()["resources"] == []

    page.goto("/accounts/tokens/")
    expect(page.get_by_label("Your new token")).to_have_count(0)  # shown once only
    row = page.get_by_test_id("api-token").filter(has_text="Power BI workforce report")
    expect(row).to_contain_text("Active")
    row.get_by_role("button", name="Revoke Power BI workforce report").click()
    dialog = page.get_by_role("dialog", name="Revoke the token “Power BI workforce report”?")
    dialog.get_by_role("button", name="Revoke token").click()
    expect(page.get_by_test_id("notifications")).to_contain_text("no longer works")
    expect(row).to_contain_text("Revoked")
    assert ApiToken.objects.get(user=user).revoked_at is not None
    gone = page.request.get("/feeds/resources.json", headers={"Authorization": f"Bearer {secret}"})
    assert gone.status == 401


def test_curators_page_of_everyones_tokens_is_accessible(page, sign_in, assert_accessible):
    from accounts.tokens import create_token

    leader = factories.leader(agency=factories.AgencyFactory(code="DOL"))
    _token, secret = create_token(leader, "Excel sheet")
    answer = page.request.get("/feeds/resources.csv", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status == 200
    curator = factories.curator(agency=factories.AgencyFactory(code="OPM"))
    sign_in(page, curator)
    page.goto("/accounts/tokens/all/")
    expect(page.get_by_test_id("api-token")).to_contain_text("Excel sheet")
    expect(page.get_by_test_id("api-token-uses")).to_contain_text("/feeds/resources.csv")
    assert_accessible(page)
