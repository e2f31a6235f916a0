"""A sharing request carried from draft to execution by three people in real Chromium."""

import datetime

import pytest
from playwright.sync_api import expect

from sharing.models import SharingRequest, State
from tests import factories
from tests.sharing.conftest import ensure_guidance_library


@pytest.fixture
def people(transactional_db):
    ensure_guidance_library()
    dol = factories.AgencyFactory(code="DOL", name="Department of Labor")
    sde = factories.AgencyFactory(code="SDE", name="State Department of Education")
    opm = factories.AgencyFactory(code="OPM", name="Office of Policy and Management")
    return {
        "requester": factories.data_officer(agency=dol, email="olivia@dol.ct.gov"),
        "provider": factories.data_officer(agency=sde, email="sam@sde.ct.gov"),
        "reviewer": factories.reviewer(agency=opm, email="rafael@opm.ct.gov"),
    }


@pytest.fixture
def open_as(browser, live_server, sign_in):
    contexts = []

    def open_page(user):
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        sign_in(page, user)
        return page

    yield open_page
    for context in contexts:
        context.close()


def test_draft_to_execution_with_three_users(
    people, open_as, assert_accessible, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path  # the signed agreement is uploaded
    today = datetime.date.today()
    # 1. The requesting data officer fills in the wizard.
    requester = open_as(people["requester"])
    requester.goto("/sharing/requests/new/")
    assert_accessible(requester)
    requester.get_by_label("Short title").fill("Graduates' wages")
    requester.get_by_label("Providing agency (holds the data)").select_option(
        str(people["provider"].agency_id)
    )
    requester.get_by_role("button", name="Save and continue").click()
    requester.get_by_label("Purpose").fill("Evaluate CTE programs.")
    requester.get_by_label("Legal authority or exception").fill("FERPA audit/evaluation")
    requester.get_by_role("button", name="Save and continue").click()
    requester.get_by_label("Education records").check()
    requester.get_by_label("Data elements").fill("student id\ngraduation year")
    requester.get_by_label("Identified (record-level with identifiers)").check()
    requester.get_by_label("Frequency").select_option("annual")
    requester.get_by_role("button", name="Save and continue").click()
    expect(requester.get_by_test_id("agreement-type")).to_have_text("Data sharing agreement (DSA)")
    assert_accessible(requester)  # guidance beside the step
    requester.get_by_label("Storage and security").fill("Encrypted OPM enclave.")
    requester.get_by_label("Retention and destruction").fill("Destroy after 2 years.")
    requester.get_by_role("button", name="Save and continue").click()
    requester.get_by_label("Term (months)").fill("24")
    requester.get_by_role("button", name="Save and review").click()
    expect(requester.get_by_test_id("state")).to_have_text("Draft")
    assert_accessible(requester)
    requester.get_by_role("button", name="Submit for review").click()
    expect(requester.get_by_test_id("state")).to_have_text("Submitted")
    sr = SharingRequest.objects.get(title="Graduates' wages")

    # 2. The providing agency's data officer asks for changes (a reason is required).
    provider = open_as(people["provider"])
    provider.goto(f"/sharing/requests/{sr.pk}/")
    expect(provider.get_by_role("button", name="Approve")).to_be_visible()
    expect(provider.get_by_role("button", name="Mark executed")).to_have_count(0)
    provider.get_by_role("button", name="Request changes").click()
    # The error summary at the top (focused, linking to the field) and the message by the field.
    summary = provider.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Give a reason to request changes.")
    form = provider.get_by_test_id("action-form")
    expect(form.get_by_text("Give a reason to request changes.")).to_be_visible()
    provider.get_by_label("Comment or reason").fill("List the exact fields and years.")
    provider.get_by_role("button", name="Request changes").click()
    expect(provider.get_by_test_id("state")).to_have_text("Changes requested")

    # 3. The requester edits and resubmits.
    requester.goto(f"/sharing/requests/{sr.pk}/")
    expect(requester.get_by_test_id("timeline")).to_contain_text("List the exact fields and years.")
    requester.get_by_role("link", name="Edit the request").click()
    requester.get_by_role("link", name="3. Data, identifiability and frequency").click()
    requester.get_by_label("Data elements").fill("student id\ngraduation year 2019-2023")
    requester.get_by_role("button", name="Save and go to summary").click()
    requester.get_by_role("button", name="Submit for review").click()
    expect(requester.get_by_test_id("state")).to_have_text("Submitted")

    # 4. The reviewer approves, attaches the signed agreement, then marks it executed with
    # its dates.
    reviewer = open_as(people["reviewer"])
    reviewer.goto("/sharing/requests/")
    reviewer.get_by_role("link", name="Graduates' wages").click()
    reviewer.get_by_role("button", name="Approve").click()
    expect(reviewer.get_by_test_id("confirm-step")).to_contain_text("Who will be told")
    reviewer.get_by_role("button", name="Yes, approve").click()
    expect(reviewer.get_by_test_id("state")).to_have_text("Approved")
    reviewer.get_by_label("Attach a file").set_input_files(
        {"name": "signed.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7 signed"}
    )
    reviewer.get_by_label("Signed agreement").check()
    reviewer.get_by_role("button", name="Upload").click()
    expect(reviewer.get_by_text("File attached.")).to_be_visible()
    reviewer.get_by_label("Effective date").fill(today.isoformat())
    reviewer.get_by_label("Expiry date").fill(today.replace(year=today.year + 2).isoformat())
    reviewer.get_by_role("button", name="Mark executed").click()
    expect(reviewer.get_by_test_id("state")).to_have_text("Executed")
    expect(reviewer.get_by_role("button", name="Renew")).to_be_visible()
    assert_accessible(reviewer)

    sr.refresh_from_db()
    assert sr.state == State.EXECUTED
    assert list(sr.logs.values_list("to_state", flat=True)) == [
        "draft", "submitted", "changes_requested", "submitted", "approved", "executed",
    ]  # fmt: skip
    assert sr.data_elements.endswith("2019-2023")

    # The register now lists it; the requester sees it with no buttons left.
    requester.goto("/sharing/register/")
    expect(requester.get_by_test_id("register")).to_contain_text("Graduates' wages")
    requester.goto(f"/sharing/requests/{sr.pk}/")
    expect(
        requester.get_by_text("There is nothing for you to do on this request now.")
    ).to_be_visible()


def test_the_loser_of_a_race_keeps_their_comment(people, open_as):
    sr = SharingRequest.objects.create(
        title="Race",
        requesting_agency=people["requester"].agency,
        providing_agency=people["provider"].agency,
        created_by=people["requester"],
        state=State.SUBMITTED,
    )
    provider = open_as(people["provider"])
    reviewer = open_as(people["reviewer"])
    provider.goto(f"/sharing/requests/{sr.pk}/")
    reviewer.goto(f"/sharing/requests/{sr.pk}/")
    provider.get_by_role("button", name="Approve").click()
    provider.get_by_role("button", name="Yes, approve").click()
    expect(provider.get_by_test_id("state")).to_have_text("Approved")
    reviewer.get_by_label("Comment or reason").fill("Too broad; narrow it.")
    reviewer.get_by_role("button", name="Reject").click()
    expect(reviewer.get_by_text("This request changed since you opened it")).to_be_visible()
    expect(reviewer.get_by_label("Comment or reason")).to_have_value("Too broad; narrow it.")
    expect(reviewer.get_by_test_id("state")).to_have_text("Approved")
