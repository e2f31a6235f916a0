"""The design system on every area's main page and form, at 1280 px and 390 px.

One test per width walks many pages (sign-in and axe are the expensive parts): no page
scrolls sideways on a phone, axe-core finds nothing, and every page has one h1. Other tests
cover the shared patterns: a visible focus ring, the error summary taking focus, the
confirmation step before an irreversible action (dialog with JavaScript, page without),
the admin's main pages, and each role's home page (which scripts/screenshots.py saves).
"""

import datetime
import os
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from accounts import roles
from hub.catalog_models import Watch
from sharing.models import DataCategory, LegalFramework, SharingRequest, State
from tests import factories
from tests.assessments.factories import add_response, mini_survey
from tests.browser.signing_in import sign_in_through_the_pages
from tests.hub.factories import ResourceFactory
from tests.sharing.conftest import ensure_guidance_library

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world(transactional_db):
    """Two agencies, a user per role, a resource, a survey with answers, two requests."""
    ensure_guidance_library()
    dol = factories.AgencyFactory(code="DOL", name="Department of Labor")
    sde = factories.AgencyFactory(code="SDE", name="State Department of Education")
    opm = factories.AgencyFactory(code="OPM", name="Office of Policy and Management")
    users = {
        "leader": factories.UserFactory(role=roles.AGENCY_LEADERS, agency=sde, first_name="Lee"),
        "officer": factories.UserFactory(role=roles.DATA_OFFICERS, agency=dol, first_name="Olu"),
        "reviewer": factories.UserFactory(
            role=roles.SHARING_REVIEWERS, agency=opm, first_name="Rae"
        ),
        "curator": factories.UserFactory(role=roles.HUB_CURATORS, agency=opm, first_name="Cam"),
    }
    resource = ResourceFactory(
        title="Census mapping guide",
        tags=["gis", "data governance"],
        provider=dol,
        review_by=datetime.date(2020, 1, 2),
        link_status=404,
        link_checked_at=datetime.datetime(2026, 12, 2, 14, 5, tzinfo=datetime.UTC),
        file=ContentFile(b"%PDF-1.4 guide", name="guide.pdf"),
    )
    survey = mini_survey()
    survey.opens, survey.closes = datetime.date(2026, 1, 5), datetime.date(2099, 1, 31)
    survey.save()
    for agency in (dol, opm):
        add_response(survey, agency, {"challenges.quality": "agree", "effectiveness": "agree"})
    today = datetime.date.today()
    executed = SharingRequest.objects.create(
        title="Wage records for a long program evaluation of adult education outcomes",
        requesting_agency=sde,
        providing_agency=dol,
        created_by=users["officer"],
        purpose="Evaluate.",
        state=State.EXECUTED,
        effective_date=today,
        expiry_date=today + datetime.timedelta(days=60),
    )
    executed.categories.set(DataCategory.objects.filter(key__in=["ui_wage_records", "medicaid"]))
    draft = SharingRequest.objects.create(
        title="Draft", requesting_agency=dol, providing_agency=sde, created_by=users["officer"]
    )
    draft.categories.set(DataCategory.objects.filter(key="ui_wage_records"))
    SharingRequest.objects.create(
        title="Submitted",
        requesting_agency=sde,
        providing_agency=dol,
        created_by=users["leader"],
        purpose="Plan.",
        state=State.SUBMITTED,
    )
    return {
        "users": users,
        "resource": resource,
        "survey": survey,
        "executed": executed,
        "draft": draft,
    }


def sign_in_as(browser, live_server, user, width, javascript=True):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": width, "height": 900},
        java_script_enabled=javascript,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in_through_the_pages(page, user)
    return page


def check_page(page, path, width, assert_accessible):
    response = page.goto(path)
    assert response.status == 200, path
    assert page.locator("h1").count() == 1, path
    assert page.title().endswith(" - State Data Hub"), path
    if width <= 390:
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        wide = page.evaluate(
            "Array.from(document.querySelectorAll('body *'))"
            ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)"
            ".slice(0, 4).map(e => e.tagName + '.' + e.className)"
        )
        assert widths[0] == widths[1], f"{path} scrolls sideways at {width} px: {widths} {wide}"
    # Chart labels never shrink below 14 px (on a phone they move above their bars).
    sizes = page.eval_on_selector_all(
        ".chart-label, .chart-value",
        "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))",
    )
    assert all(size >= 14 for size in sizes), (path, sizes)
    assert_accessible(page)
    return page.title()


@pytest.mark.parametrize("width", [1280, 390])
def test_main_pages_and_forms_fit_the_screen_and_pass_axe(
    browser, live_server, world, assert_accessible, width
):
    from jobs.models import TaskRun

    w = world
    task = TaskRun.objects.create(
        kind="hub.import_resources", title="Import of 1,500 resources from resources.csv",
        started_by=w["users"]["curator"], status="running", done=1500, total=3000,
        message="Writing resources",
    )  # fmt: skip
    curator = sign_in_as(browser, live_server, w["users"]["curator"], width)
    titles = {}
    for path in [
        "/",
        "/resources/",
        "/resources/?q=census&tag=gis&sort=newest",
        "/resources/?q=zzzz",
        f"/resources/{w['resource'].slug}/",
        "/resources/tags/",
        "/resources/watching/",
        "/resources/curation/",
        "/assessments/",
        f"/assessments/{w['survey'].key}/results/",
        f"/assessments/{w['survey'].key}/responses/",
        "/sharing/",
        "/sharing/requests/?view=all",
        "/sharing/register/",
        f"/sharing/requests/{w['executed'].pk}/",
        "/accounts/password_change/",
        # Pages the assessment, sharing and operations issues added.
        f"/assessments/{w['survey'].key}/results/breakdown/",
        f"/assessments/{w['survey'].key}/results/compare/",
        f"/assessments/{w['survey'].key}/report/",
        f"/sharing/requests/{w['executed'].pk}/versions/",
        f"/sharing/requests/{w['executed'].pk}/clauses/",
        "/accounts/tokens/",
        "/accounts/tokens/all/",
        "/accounts/two-step/",
        f"/tasks/{task.pk}/",  # a background task's progress (jobs/)
    ]:
        titles[path.split("?")[0]] = check_page(curator, path, width, assert_accessible)
    # Every page has its own title ("Requests - Data sharing - State Data Hub").
    assert len(set(titles.values())) == len(titles), titles
    assert page_has_chart(curator, f"/assessments/{w['survey'].key}/results/")
    curator.context.close()
    officer = sign_in_as(browser, live_server, w["users"]["officer"], width)
    for path in [
        "/",
        "/sharing/advisor/",
        "/sharing/requests/new/",
        f"/sharing/requests/{w['draft'].pk}/edit/data/",
        f"/sharing/requests/{w['draft'].pk}/",
        "/accounts/tokens/",
        # The AI use cases (issue 22): inventory and both steps of intake.
        "/ai/",
        "/ai/new/",
        "/ai/new/?title=Benefits+chatbot&purpose=Answer+questions",
    ]:
        check_page(officer, path, width, assert_accessible)
    officer.context.close()
    leader = sign_in_as(browser, live_server, w["users"]["leader"], width)
    for path in [
        "/",
        f"/assessments/{w['survey'].key}/respond/",
        f"/assessments/{w['survey'].key}/results/my-agency/",
    ]:
        leader.goto(path)
        check_page(leader, leader.url.removeprefix(live_server.url), width, assert_accessible)
    leader.context.close()


def page_has_chart(page, path) -> bool:
    page.goto(path)
    return page.locator(".chart-label").count() > 0


def focus_ring(locator) -> tuple[float, str]:
    """The focused element's outline width (px) and box-shadow."""
    return locator.evaluate(
        "el => { const s = getComputedStyle(el);"
        " return [parseFloat(s.outlineWidth) * (s.outlineStyle === 'none' ? 0 : 1), s.boxShadow]; }"
    )


def test_focus_is_visible_on_tabbed_links_buttons_and_checkboxes(browser, live_server, world):
    page = sign_in_as(browser, live_server, world["users"]["officer"], 390)
    page.goto(f"/sharing/requests/{world['draft'].pk}/edit/data/")
    page.keyboard.press("Tab")  # the skip link
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    outline, shadow = focus_ring(page.locator(":focus"))
    assert outline >= 3 and shadow != "none"
    checkbox = page.get_by_label("Unemployment insurance and wage records")
    checkbox.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    expect(checkbox).to_be_focused()
    outline, shadow = focus_ring(checkbox)
    assert outline >= 3 and "255, 221, 0" in shadow  # the yellow halo around the ink ring
    page.get_by_role("button", name="Save and continue").focus()
    outline, _ = focus_ring(page.locator(":focus"))
    assert outline >= 3
    page.context.close()


def test_error_summary_takes_focus_and_links_to_the_field(browser, live_server, world):
    page = sign_in_as(browser, live_server, world["users"]["leader"], 390)
    page.goto("/accounts/password_change/")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    summary.get_by_role("link", name="Old password: This field is required.").click()
    expect(page.get_by_label("Old password")).to_be_focused()
    page.context.close()


def test_stopping_a_watch_is_confirmed_in_a_dialog_and_without_javascript(
    browser, live_server, world
):
    officer = world["users"]["officer"]
    Watch.objects.create(user=officer, query="q=census")
    Watch.objects.create(user=officer, query="q=wages")
    page = sign_in_as(browser, live_server, officer, 390)
    page.goto("/resources/watching/")
    page.get_by_role("button", name="Stop watching this search").first.click()
    dialog = page.get_by_role("dialog", name="Stop watching the search q=census?")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("no longer get its new resources")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert Watch.objects.filter(user=officer).count() == 2
    page.get_by_role("button", name="Stop watching this search").first.click()
    dialog.get_by_role("button", name="Stop watching").click()
    expect(page.get_by_role("status")).to_contain_text("You no longer watch that.")
    assert list(Watch.objects.filter(user=officer).values_list("query", flat=True)) == ["q=wages"]
    page.context.close()

    page = sign_in_as(browser, live_server, officer, 390, javascript=False)
    page.goto("/resources/watching/")
    page.get_by_role("button", name="Stop watching this search").click()
    expect(page.get_by_role("heading", name="Stop watching the search q=wages?")).to_be_visible()
    assert Watch.objects.filter(user=officer).count() == 1
    page.get_by_role("button", name="Stop watching").click()
    expect(page.get_by_text("You no longer watch that.")).to_be_visible()
    assert not Watch.objects.filter(user=officer).exists()
    page.context.close()


def test_admin_main_pages_pass_axe_as_a_curator(browser, live_server, world, assert_accessible):
    framework = LegalFramework.objects.order_by("pk").first()
    page = sign_in_as(browser, live_server, world["users"]["curator"], 1280)
    for path in [
        "/admin/",
        "/admin/hub/resource/",
        f"/admin/hub/resource/{world['resource'].pk}/change/",
        "/admin/hub/resource/add/",
        "/admin/hub/resource/import/",
        "/admin/hub/watch/",
        f"/admin/assessments/survey/{world['survey'].pk}/change/",
        f"/admin/sharing/legalframework/{framework.pk}/change/",
    ]:
        response = page.goto(path)
        assert response.status == 200, path
        page.wait_for_load_state("load")
        assert_accessible(page)
    expect(page.locator("#site-name")).to_contain_text("State of Connecticut")
    page.goto("/admin/hub/")
    expect(page.get_by_role("link", name="Watches", exact=True)).to_be_visible()
    page.context.close()


HOME_EXPECTED = {
    "leader": "Answer the Mini survey (2024)",
    "officer": "2 requests waiting on you",
    "reviewer": "request waiting on you",
    "curator": "resource link is broken",
}


def test_each_role_home_page_shows_its_work(browser, live_server, world, assert_accessible):
    """Also the README's screenshots: SCREENSHOT_DIR=docs (scripts/screenshots.py)."""
    folder = os.environ.get("SCREENSHOT_DIR")
    for role, expected in HOME_EXPECTED.items():
        page = sign_in_as(browser, live_server, world["users"][role], 1280)
        tasks = page.get_by_test_id("home-tasks")
        expect(tasks).to_contain_text(expected)
        expect(tasks).not_to_contain_text("Nothing is waiting on you")
        assert_accessible(page)
        if folder:
            page.screenshot(path=str(Path(folder) / f"home-{role}.png"), full_page=True)
        page.context.close()
