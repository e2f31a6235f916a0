"""axe-core finds nothing on the guidance, advisor, wizard, queue, detail and register pages."""

import datetime

import pytest
from playwright.sync_api import expect

from sharing.models import DataCategory, SharingRequest, State
from tests import factories
from tests.sharing.conftest import ensure_guidance_library


@pytest.fixture
def setup(transactional_db):
    ensure_guidance_library()
    dol = factories.AgencyFactory(code="DOL", name="Department of Labor")
    sde = factories.AgencyFactory(code="SDE", name="State Department of Education")
    officer = factories.data_officer(agency=dol)
    today = datetime.date.today()
    sr = SharingRequest.objects.create(
        title="Wage records for evaluation",
        requesting_agency=sde,
        providing_agency=dol,
        created_by=officer,
        purpose="Evaluate.",
        state=State.EXECUTED,
        effective_date=today,
        expiry_date=today + datetime.timedelta(days=60),
    )
    sr.categories.set(DataCategory.objects.filter(key__in=["ui_wage_records", "medicaid"]))
    draft = SharingRequest.objects.create(
        title="Draft", requesting_agency=dol, providing_agency=sde, created_by=officer
    )
    draft.categories.set(DataCategory.objects.filter(key="ui_wage_records"))
    return officer, sr, draft


PAGES = [
    "/sharing/",
    "/sharing/?q=wage",
    "/sharing/frameworks/hipaa/",
    "/sharing/frameworks/title-x/",
    "/sharing/advisor/",
    "/sharing/advisor/?category=medicaid&category=substance_use_treatment&identifiability=identified",
    "/sharing/requests/",
    "/sharing/requests/?view=all",
    "/sharing/requests/new/",
    "/sharing/requests/{draft}/edit/data/",
    "/sharing/requests/{draft}/edit/security/",
    "/sharing/requests/{draft}/",
    "/sharing/requests/{sr}/",
    "/sharing/register/",
    "/sharing/register/matrix/",
]


def test_sharing_pages_have_no_axe_violations(page, sign_in, assert_accessible, setup):
    officer, sr, draft = setup
    sign_in(page, officer)
    for path in PAGES:
        page.goto(path.format(sr=sr.pk, draft=draft.pk))
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)


def test_wizard_errors_are_accessible(page, sign_in, assert_accessible, setup):
    officer, sr, draft = setup
    sign_in(page, officer)
    page.goto(f"/sharing/requests/{draft.pk}/edit/data/")
    page.get_by_label("Unemployment insurance and wage records").uncheck()
    page.get_by_label("Data elements").fill("")
    page.get_by_role("button", name="Save and continue").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("There is a problem")
    assert_accessible(page)
