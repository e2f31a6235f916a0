"""One journey through the site search: the header's box, results grouped by kind, and on
zero results the "Suggest a resource" form sent; axe-core clean on each page, and the search
page fits a 390 px screen with the header's box reachable by keyboard."""

import pytest
from playwright.sync_api import expect

from hub.search_models import ResourceSuggestion
from tests import factories
from tests.hub.factories import ResourceFactory
from tests.sharing.conftest import ensure_guidance_library


@pytest.fixture
def officer(transactional_db):
    ensure_guidance_library()
    ResourceFactory(title="Legal guide to privacy", resource_type="guidance")
    return factories.data_officer(agency=factories.AgencyFactory(code="DOL"))


def no_sideways_scroll(page):
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] == widths[1], widths


def test_search_from_the_header_then_suggest_a_resource(page, sign_in, assert_accessible, officer):
    sign_in(page, officer)
    page.goto("/")
    box = page.get_by_role("searchbox", name="Search the hub")
    box.fill("privacy law")
    box.press("Enter")
    expect(page).to_have_url("/search/?q=privacy+law")
    groups = page.get_by_test_id("search-group")
    expect(groups).to_have_count(4)
    for heading in ("Resources", "Guidance", "Inventory datasets", "AI use cases"):
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_role("link", name="Legal guide to privacy")).to_be_visible()
    expect(page.get_by_test_id("synonyms")).to_contain_text("legal")
    assert_accessible(page)

    # Nothing found: the suggest form, filled and sent by keyboard.
    box = page.get_by_role("searchbox", name="Search the hub")
    box.fill("quantum basket weaving")
    box.press("Enter")
    expect(page.get_by_test_id("no-results")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What did you need?").fill("A guide to basket weaving data")
    page.get_by_label("A link to it, if you know one").fill("https://example.org/baskets")
    page.get_by_role("button", name="Send the suggestion").click()
    expect(page.get_by_text("the curators have your suggestion")).to_be_visible()
    suggestion = ResourceSuggestion.objects.get()
    assert (suggestion.person_id, suggestion.query) == (officer.pk, "quantum basket weaving")

    # The form's errors are accessible too.
    page.goto("/search/suggest/")
    page.get_by_role("button", name="Send the suggestion").click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    assert_accessible(page)

    # A phone: the page fits, and the header's box is reached through the menu button.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/search/?q=privacy")
    no_sideways_scroll(page)
    assert_accessible(page)
    page.get_by_role("button", name="Toggle navigation").click()
    box = page.get_by_role("searchbox", name="Search the hub")
    expect(box).to_be_visible()
    box.fill("FERPA")
    box.press("Enter")
    expect(
        page.get_by_role("link", name="Family Educational Rights and Privacy Act (FERPA)")
    ).to_be_visible()
    no_sideways_scroll(page)
