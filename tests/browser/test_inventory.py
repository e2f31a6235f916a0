"""The inventory journey: a data officer adds a dataset; another agency's officer finds it with
the header's site search through a curator's synonym, sees the executed agreement that covers
it and starts a request for it from its page. axe-core finds nothing on the list, detail,
form, search and completeness pages."""

import datetime

import pytest
from playwright.sync_api import expect

from hub.search_models import SearchSynonym
from inventory.models import Dataset, RequestedDataset
from sharing.models import SharingRequest, State
from tests import factories
from tests.sharing.conftest import ensure_guidance_library


@pytest.fixture
def people(transactional_db):
    ensure_guidance_library()
    dol = factories.AgencyFactory(code="DOL", name="Department of Labor")
    dss = factories.AgencyFactory(code="DSS", name="Department of Social Services")
    sde = factories.AgencyFactory(code="SDE", name="State Department of Education")
    return {
        "dol": dol,
        "dss": dss,
        "dol_officer": factories.data_officer(agency=dol),
        "dss_officer": factories.data_officer(agency=dss),
        "sde_officer": factories.data_officer(agency=sde),
        "curator": factories.curator(agency=factories.AgencyFactory(code="OPM")),
    }


def test_officer_adds_a_dataset_another_agency_finds_and_requests_it(
    page, browser, live_server, sign_in, assert_accessible, people
):
    sign_in(page, people["dol_officer"])
    page.get_by_role("link", name="Data inventory").click()
    assert_accessible(page)
    page.get_by_role("link", name="Add a dataset").click()
    page.get_by_label("Identifier").fill("UI-WAGE")
    page.get_by_label("Title").fill("Unemployment insurance wage records")
    page.get_by_label("Description").fill("Quarterly wages reported by every employer.")
    page.get_by_label("Classification").select_option("internal")
    page.get_by_label("Data owner's name").fill("Dana Owner")
    page.get_by_label("Data owner's email").fill("dana.owner@ct.gov")
    page.get_by_label("Keywords").fill("wages, employment")
    page.get_by_label("Unemployment insurance and wage records").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Save").wait_for(state="detached")
    expect(page.locator("h1")).to_have_text("Unemployment insurance wage records")
    assert_accessible(page)
    page.goto(f"/inventory/{Dataset.objects.get().pk}/edit/")
    page.get_by_role("button", name="Save").wait_for()
    assert_accessible(page)  # the form

    # An agreement between DOL and DSS names the dataset (executed).
    dataset = Dataset.objects.get(identifier="UI-WAGE")
    today = datetime.date.today()
    agreement = SharingRequest.objects.create(
        title="Wage match",
        requesting_agency=people["dss"],
        providing_agency=people["dol"],
        created_by=people["dss_officer"],
        state=State.EXECUTED,
        effective_date=today,
        expiry_date=today + datetime.timedelta(days=365),
    )
    RequestedDataset.objects.create(request=agreement, dataset=dataset)

    other = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 800})
    other.set_default_timeout(10_000)
    second = other.new_page()
    sign_in(second, people["sde_officer"])
    # A curator's acronym: "UI" widens every search to "unemployment insurance".
    SearchSynonym.objects.create(term="ui", expansion="unemployment insurance")
    second.goto("/inventory/")
    width = second.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the list is {width} px wide at 390 px"
    second.get_by_role("button", name="Toggle navigation").click()
    second.get_by_label("Search the hub").fill("UI")
    second.get_by_label("Search the hub").press("Enter")
    datasets = second.locator('[data-testid="search-group"][data-kind="datasets"]')
    expect(datasets).to_contain_text("Unemployment insurance wage records")
    assert_accessible(second)
    datasets.get_by_role("link", name="Unemployment insurance wage records").click()
    expect(second.get_by_test_id("covering-agreements")).to_contain_text(
        f"Agreement #{agreement.pk}"
    )
    expect(second.get_by_text("Quarterly wages reported by every employer.")).to_be_visible()
    assert_accessible(second)
    second.get_by_role("link", name="Request this data").click()
    expect(second.get_by_test_id("existing-agreements")).to_be_visible()
    second.get_by_role("button", name="Start the request").click()
    second.wait_for_url("**/edit/purpose/")
    started = SharingRequest.objects.exclude(pk=agreement.pk).get()
    assert list(started.datasets.all()) == [dataset]
    assert started.providing_agency == people["dol"]
    # The wizard's picker: the dataset is ticked; search and pick stay keyboard-usable.
    second.goto(f"/sharing/requests/{started.pk}/edit/data/")
    second.get_by_role("link", name="Search and choose inventory datasets").click()
    second.get_by_label("Search the inventory").fill("wage")
    second.get_by_label("Search the inventory").press("Enter")
    expect(second.get_by_label("Unemployment insurance wage records")).to_be_checked()
    assert_accessible(second)
    other.close()


def test_completeness_page_is_accessible(page, sign_in, assert_accessible, people):
    Dataset.objects.create(
        agency=people["dol"], identifier="A", title="A dataset", owner_email="a@ct.gov"
    )
    sign_in(page, people["curator"])
    page.goto("/inventory/completeness/")
    expect(page.get_by_test_id("completeness")).to_contain_text("Department of Labor")
    assert_accessible(page)
