"""A curator uploads a 1,500-row CSV in the admin; the import runs on a real worker process
and its status page (axe-clean, 390 px wide) shows the progress reach "Done"."""

from playwright.sync_api import expect

from hub.catalog_models import Resource
from jobs.models import TaskRun
from tests import factories
from tests.hub.test_import_task import csv_of, run_worker


def test_a_curator_watches_a_large_import_finish(
    page, sign_in, assert_accessible, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    sign_in(page, factories.curator(agency=factories.AgencyFactory(code="OPM")))
    page.goto("/admin/hub/resource/import/")
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "resources.csv", "mimeType": "text/csv", "buffer": csv_of(1500)}]
    )
    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/tasks/*/")
    run = TaskRun.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Import of 1,500 resources")
    expect(page.get_by_test_id("task-state")).to_contain_text("Queued")
    assert_accessible(page)

    run_worker(settings)  # the page's polling reloads it when the run is done

    expect(page.get_by_test_id("task-result")).to_contain_text(
        "Import done: 1,500 created, 0 updated, 0 unchanged.", timeout=20_000
    )
    expect(page.locator("progress")).to_have_attribute("value", "100")
    assert Resource.objects.count() == 1500
    assert TaskRun.objects.get(pk=run.pk).status == "succeeded"
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("link", name="See the result").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/hub/resource/")
