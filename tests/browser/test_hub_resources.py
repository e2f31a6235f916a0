"""The resource hub in a browser: a search narrowed by facets, and axe-core on its pages."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.hub.factories import ResourceFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def catalog(db):
    dss = factories.AgencyFactory(code="DSS", name="Department of Social Services")
    ResourceFactory(
        title="Mapping with Python", resource_type="training", tags=["gis", "python"],
        description="Learn **mapping** with Python.",
    )  # fmt: skip
    ResourceFactory(title="Mapping standards", resource_type="guidance", tags=["gis"])
    ResourceFactory(
        title="Mapping service contacts", resource_type="contact", tags=["gis"], provider=dss
    )
    ResourceFactory(title="Budget book", resource_type="guidance", tags=["budget"])


def test_search_narrowed_by_facets_keeps_filters_in_the_url(
    page, sign_in, assert_accessible, catalog
):
    sign_in(page, factories.leader())
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Resources").click()
    expect(page.get_by_test_id("result-count")).to_have_text("4 resources")
    assert_accessible(page)

    page.get_by_label("Search resources").fill("maping")
    page.get_by_role("main").get_by_role("button", name="Search").click()
    expect(page.get_by_test_id("corrected")).to_contain_text("mapping")
    expect(page.get_by_test_id("result-count")).to_have_text("3 resources")
    type_facet = page.locator("a[data-facet='type'][data-value='guidance']")
    expect(type_facet).to_contain_text("(1)")

    page.locator("a[data-facet='tag'][data-value='python']").click()
    expect(page).to_have_url(re.compile(r"q=maping.*tag=python|tag=python.*q=maping"))
    expect(page.get_by_test_id("result-count")).to_have_text("1 resource")
    expect(page.locator("a[data-facet='type'][data-value='training']")).to_contain_text("(1)")
    expect(page.get_by_role("link", name="Mapping with Python")).to_be_visible()
    assert_accessible(page)

    page.locator("a[data-facet='type'][data-value='training']").click()
    expect(page).to_have_url(re.compile(r"type=training"))
    expect(page.get_by_test_id("result-count")).to_have_text("1 resource")

    page.goto(page.url.replace("type=training", "type=guidance"))
    expect(page.get_by_test_id("no-results")).to_contain_text("Try removing a filter")
    assert_accessible(page)
    page.get_by_test_id("no-results").get_by_role("link", name="tag: python").click()
    expect(page.get_by_test_id("result-count")).to_have_text("1 resource")
    expect(page.get_by_role("link", name="Mapping standards")).to_be_visible()


def test_detail_page_is_accessible_and_its_tags_lead_back_to_the_list(
    page, sign_in, assert_accessible, catalog
):
    sign_in(page, factories.leader())
    page.goto("/resources/?q=python")
    page.get_by_role("link", name="Mapping with Python").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mapping with Python")
    expect(page.get_by_test_id("related")).to_contain_text("Mapping standards")
    assert_accessible(page)
    page.get_by_test_id("tags").get_by_role("link", name="gis").click()
    expect(page).to_have_url(re.compile(r"/resources/\?tag=gis$"))
    expect(page.get_by_test_id("result-count")).to_have_text("3 resources")


def test_follow_a_tag_and_see_it_in_my_watches(page, sign_in, assert_accessible, catalog):
    sign_in(page, factories.leader())
    page.goto("/resources/?tag=budget")
    page.get_by_role("link", name="Budget book").click()
    page.get_by_text("Follow a tag by email").click()
    page.get_by_role("button", name="Follow “budget”").click()
    expect(page.get_by_role("status").first).to_contain_text("You are watching")
    page.goto("/resources/watching/")
    expect(page.get_by_test_id("watches")).to_contain_text("Tag: budget")
    assert_accessible(page)
    page.goto("/resources/tags/")
    expect(page.get_by_test_id("all-tags")).to_contain_text("gis")
    assert_accessible(page)


def test_curator_pages_are_accessible(page, sign_in, assert_accessible, catalog):
    from django.utils import timezone

    from tests.hub.factories import draft

    draft(title="Draft for review", review_by=timezone.localdate() - timezone.timedelta(days=3))
    ResourceFactory(title="Dead link", link_status=404, link_checked_at=timezone.now())
    sign_in(page, factories.curator(agency=factories.AgencyFactory(code="OPM")))
    page.goto("/resources/curation/")
    expect(page.get_by_test_id("broken")).to_contain_text("Dead link")
    expect(page.get_by_test_id("overdue")).to_contain_text("Draft for review")
    assert_accessible(page)
    page.goto("/resources/?q=dead")
    page.get_by_role("link", name="Dead link").click()
    expect(page.get_by_test_id("link-check")).to_contain_text("Broken")
    assert_accessible(page)


def test_hostile_text_is_shown_as_text_and_runs_nothing(page, sign_in, assert_accessible, db):
    payload = '<img src=x onerror="document.title=1"><script>document.title=2</script>'
    ResourceFactory(title=payload, tags=["<b>bold tag</b>"], description=payload)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, factories.leader())
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Resources").click()
    result = page.get_by_role("heading", level=3, name=re.compile("onerror"))
    expect(result).to_be_visible()
    expect(page.locator("a[data-facet='tag']").first).to_contain_text("<b>bold tag</b>")
    page.get_by_label("Search resources").fill(payload)
    page.get_by_role("main").get_by_role("button", name="Search").click()
    expect(page.get_by_test_id("active-filters")).to_contain_text("<script>")
    assert page.locator("img[src='x']").count() == 0
    page.goto(page.url.split("?")[0])
    result.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("<script>")
    assert page.locator("img[src='x']").count() == 0
    assert page.title().endswith("State Data Hub") and not dialogs
    assert_accessible(page)
