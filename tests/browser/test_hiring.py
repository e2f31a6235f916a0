"""The Hiring walk-through by keyboard on a phone (390 px): pick a role, read its steps, go
on to the figures; axe-core finds nothing there nor on the toolkit's admin change pages."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from assessments.models import Survey
from assessments.services import copy_survey
from hiring.demo import load_demo
from hiring.models import (
    CompetingGuidance,
    InterviewKit,
    JobClassification,
    JobPosting,
    PartnerSchool,
    Program,
)
from tests import factories
from tests.browser.test_design import sign_in_as
from tests.hiring.conftest import answer_recruiting

pytestmark = pytest.mark.django_db(transaction=True)


def tab_to(page, name: str, limit: int = 80):
    """Press Tab until the focused element's text starts with `name`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        text = page.evaluate("(document.activeElement.innerText || '').trim()")
        if text.startswith(name):
            return
    raise AssertionError(f"{name!r} never took the focus")


def assert_fits(page):
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] == widths[1], widths


def test_a_manager_walks_through_hiring_by_keyboard_at_390_px(
    browser, live_server, assert_accessible
):
    call_command("load_survey", "assessments/data/survey_2024.yaml", stdout=io.StringIO())
    call_command("load_baseline", stdout=io.StringIO())
    current = copy_survey(Survey.objects.get(key="leadership-2024"), "leadership-2026", "2026")
    agencies = [factories.AgencyFactory(code=c) for c in ("DSS", "DOL", "DPH", "DOT")]
    answer_recruiting(current, agencies[:3], "leadership", recruit="agree")
    answer_recruiting(current, agencies[3:], "data_officer", recruit="disagree")
    load_demo()
    leader = factories.leader(agency=agencies[0])

    page = sign_in_as(browser, live_server, leader, 390)
    page.goto("/hiring/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hiring data talent")
    expect(page.get_by_role("table").first).to_contain_text("Recruiting qualified staff")
    expect(page.get_by_text("suppressed").first).to_be_visible()
    assert_fits(page)
    assert_accessible(page)

    tab_to(page, "Data engineer")
    page.keyboard.press("Enter")
    page.wait_for_url("**/hiring/data-engineer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hiring a data engineer")
    for step in ("Step 2", "Step 3", "Step 4", "Step 5", "Step 6"):
        expect(page.get_by_role("heading", name=step)).to_be_visible()
    expect(page.get_by_test_id("classification")).to_contain_text("SAMPLE-DE1")
    expect(page.get_by_test_id("sample-notice").first).to_contain_text(
        "curators must replace this with the state's official text"
    )
    assert_fits(page)
    assert_accessible(page)

    tab_to(page, "Next: what agency leaders said", limit=120)
    page.keyboard.press("Enter")
    page.wait_for_url("**/hiring/#figures")
    page.context.close()

    curator = factories.curator(agency=factories.AgencyFactory(code="OPM"))
    admin = sign_in_as(browser, live_server, curator, 1280)
    for model in (JobClassification, JobPosting, InterviewKit, Program, PartnerSchool,
                  CompetingGuidance):  # fmt: skip
        path = f"/admin/hiring/{model._meta.model_name}/{model.objects.first().pk}/change/"
        response = admin.goto(path)
        assert response.status == 200, path
        admin.wait_for_load_state("load")
        assert_accessible(admin)
    admin.context.close()
