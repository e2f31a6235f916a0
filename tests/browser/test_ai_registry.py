"""An AI use case registered, found by a second agency at intake and joined, sent back by an
AI reviewer and approved with conditions, in real Chromium; axe on every page of the app."""

import pytest
from playwright.sync_api import expect

from ai_registry.models import UseCase
from tests import factories
from tests.ai_registry.factories import ai_reviewer


@pytest.fixture
def people(transactional_db):
    dol = factories.AgencyFactory(code="DOL", name="Department of Labor")
    dss = factories.AgencyFactory(code="DSS", name="Department of Social Services")
    opm = factories.AgencyFactory(code="OPM", name="Office of Policy and Management")
    return {
        "officer": factories.data_officer(agency=dol, email="olivia@dol.ct.gov"),
        "second": factories.data_officer(agency=dss, email="dana@dss.ct.gov"),
        "reviewer": ai_reviewer(agency=opm, email="ada@opm.ct.gov"),
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


TITLE = "Chatbot for unemployment insurance questions"


def test_register_find_join_review(people, open_as, assert_accessible):
    # 1. An officer registers a use case in two steps, answers the assessment, submits.
    officer = open_as(people["officer"])
    officer.get_by_role("link", name="AI use cases").click()
    assert_accessible(officer)
    officer.get_by_role("link", name="Register a use case").first.click()
    assert_accessible(officer)
    officer.locator("#id_title").fill(TITLE)
    officer.locator("#id_purpose").fill("Answer claimants' questions about benefits.")
    officer.get_by_role("button", name="Continue").click()
    expect(officer.get_by_test_id("similar")).to_contain_text("No similar use cases")
    assert_accessible(officer)
    officer.locator("#id_kind").select_option("generative_text")
    officer.locator("#id_data_description").fill("Published program rules; no personal data.")
    officer.locator("#id_affected_people").fill("Claimants who ask questions.")
    officer.locator("#id_human_oversight").fill("Staff review transcripts weekly.")
    officer.locator("#id_evaluation_monitoring").fill("Monthly accuracy sample.")
    officer.locator("#id_contact_name").fill("Olivia Officer")
    officer.get_by_role("button", name="Register the use case").click()
    expect(officer.get_by_role("heading", level=1)).to_contain_text("Impact assessment")
    assert_accessible(officer)
    for key in ("decision_role", "reversibility", "people_affected", "personal_data"):
        officer.locator(f"#id_{key}_0").check()
    officer.locator("#id_vulnerable_groups_0").check()
    officer.locator("#id_explainability_0").check()
    officer.get_by_role("button", name="Save the assessment").click()
    expect(officer.get_by_test_id("risk-tier")).to_have_text("Low")
    assert_accessible(officer)
    officer.get_by_role("button", name="Submit for review").click()
    expect(officer.get_by_test_id("state")).to_have_text("Submitted")
    use_case = UseCase.objects.get(title=TITLE)

    # 2. A second agency's officer starts intake, sees it as similar and joins it.
    second = open_as(people["second"])
    second.goto("/ai/new/")
    second.locator("#id_title").fill("Benefits chatbot")
    second.locator("#id_purpose").fill("Answer residents' questions about SNAP benefits.")
    second.get_by_role("button", name="Continue").click()
    expect(second.get_by_test_id("similar")).to_contain_text(TITLE)
    second.get_by_label("Partnering").first.check()
    second.get_by_role("button", name=f"Join AI-{use_case.pk}").click()
    expect(second.get_by_test_id("partners")).to_contain_text(
        "Department of Social Services (partnering)"
    )

    # 3. An AI reviewer requests changes.
    reviewer = open_as(people["reviewer"])
    reviewer.goto(f"/ai/{use_case.pk}/")
    assert_accessible(reviewer)
    reviewer.locator("#id_comment").fill("Say how a claimant reaches a person.")
    reviewer.get_by_role("button", name="Request changes").click()
    expect(reviewer.get_by_test_id("state")).to_have_text("Changes requested")

    # 4. The officer sees the reason and resubmits.
    officer.goto(f"/ai/{use_case.pk}/")
    expect(officer.get_by_test_id("returned-reason")).to_contain_text("reaches a person")
    officer.get_by_role("link", name="Edit the use case").click()
    assert_accessible(officer)
    officer.locator("#id_human_oversight").fill("Staff answer on request; transcripts reviewed.")
    officer.get_by_role("button", name="Save").click()
    officer.get_by_role("button", name="Submit for review").click()
    expect(officer.get_by_test_id("state")).to_have_text("Submitted")

    # 5. The reviewer approves with conditions; the timeline tells the story.
    reviewer.goto(f"/ai/{use_case.pk}/")
    reviewer.locator("#id_comment").fill("Tell users the answers are AI-made.")
    reviewer.get_by_role("button", name="Approve with conditions").click()
    expect(reviewer.get_by_test_id("state")).to_have_text("Approved with conditions")
    expect(reviewer.get_by_test_id("conditions")).to_contain_text("AI-made")
    expect(reviewer.get_by_test_id("timeline").locator("li")).to_have_count(5)
    assert_accessible(reviewer)
    reviewer.goto("/ai/")
    expect(reviewer.get_by_test_id("inventory")).to_contain_text(TITLE)
    assert_accessible(reviewer)
    # At 390 px wide the pages fit the screen (the table scrolls in its own region).
    reviewer.set_viewport_size({"width": 390, "height": 844})
    for path in ("/ai/", f"/ai/{use_case.pk}/"):
        reviewer.goto(path)
        assert reviewer.evaluate("document.documentElement.scrollWidth") <= 390
