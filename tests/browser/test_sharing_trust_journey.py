"""Issue 19's journey in real Chromium: advice -> prefilled wizard -> submit -> request
changes (the reason visible to the requester) -> resubmit (the diff visible to the
reviewer) -> approve (confirmed) -> executed (with the signed agreement) -> terminated
(confirmed) -> destruction certified by the receiving agency -> verified; axe on each page."""

import datetime

from playwright.sync_api import expect

from sharing.models import SharingRequest, State
from tests.browser.test_sharing_flow import open_as, people  # noqa: F401 (fixtures)

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def test_advice_to_verified_close_out(people, open_as, assert_accessible, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    # 1. The advisor's answer starts the request, categories filled in.
    requester = open_as(people["requester"])
    requester.goto("/sharing/advisor/")
    requester.get_by_label("Education records").check()
    requester.get_by_label("Identified (record-level with identifiers)").check()
    requester.get_by_role("button", name="Get advice").click()
    expect(requester.get_by_test_id("outcome")).to_contain_text("Agreement needed")
    assert_accessible(requester)
    requester.get_by_role("link", name="Start a request with this").click()
    expect(requester.get_by_test_id("prefill")).to_contain_text("Education records")
    assert_accessible(requester)
    requester.get_by_label("Short title").fill("Graduates' outcomes")
    requester.get_by_label("Providing agency (holds the data)").select_option(
        str(people["provider"].agency_id)
    )
    requester.get_by_role("button", name="Save and continue").click()
    requester.get_by_label("Purpose").fill("Evaluate CTE programs.")
    requester.get_by_label("Legal authority or exception").fill("FERPA audit/evaluation")
    requester.get_by_role("button", name="Save and continue").click()
    expect(requester.get_by_label("Education records")).to_be_checked()
    requester.get_by_label("Data elements").fill("student id\ngraduation year")
    requester.get_by_label("Frequency").select_option("annual")
    requester.get_by_role("button", name="Save and continue").click()
    requester.get_by_label("Storage and security").fill("Encrypted OPM enclave.")
    requester.get_by_label("Retention and destruction").fill("Destroy after 2 years.")
    requester.get_by_role("button", name="Save and continue").click()
    requester.get_by_label("Term (months)").fill("24")
    requester.get_by_role("button", name="Save and review").click()
    requester.get_by_role("button", name="Submit for review").click()
    expect(requester.get_by_test_id("state")).to_have_text("Submitted")
    sr = SharingRequest.objects.get(title="Graduates' outcomes")

    # 2. The providing agency returns it with a reason.
    provider = open_as(people["provider"])
    provider.goto(f"/sharing/requests/{sr.pk}/")
    provider.get_by_label("Comment or reason").fill("List the exact years.")
    provider.get_by_role("button", name="Request changes").click()
    expect(provider.get_by_test_id("state")).to_have_text("Changes requested")

    # 3. The requester sees the reason at the top, edits and resubmits.
    requester.goto(f"/sharing/requests/{sr.pk}/")
    expect(requester.get_by_test_id("returned-reason")).to_contain_text("List the exact years.")
    assert_accessible(requester)
    requester.get_by_role("link", name="Edit the request").click()
    requester.get_by_role("link", name="3. Data, identifiability and frequency").click()
    requester.get_by_label("Data elements").fill("student id\ngraduation year 2019-2023")
    requester.get_by_role("button", name="Save and go to summary").click()
    requester.get_by_role("button", name="Submit for review").click()
    expect(requester.get_by_test_id("state")).to_have_text("Submitted")

    # 4. The reviewer sees what changed, approves (confirmed) and executes it.
    reviewer = open_as(people["reviewer"])
    reviewer.goto(f"/sharing/requests/{sr.pk}/")
    changes = reviewer.get_by_test_id("version-changes")
    expect(changes).to_contain_text("Data elements")
    expect(changes).to_contain_text("graduation year 2019-2023")
    assert_accessible(reviewer)
    reviewer.get_by_role("link", name="All versions of this request").click()
    expect(reviewer.get_by_test_id("version")).to_have_count(2)
    assert_accessible(reviewer)
    reviewer.goto(f"/sharing/requests/{sr.pk}/clauses/")
    expect(reviewer.get_by_test_id("clauses")).to_contain_text("solely for this purpose")
    assert_accessible(reviewer)
    reviewer.goto(f"/sharing/requests/{sr.pk}/")
    reviewer.get_by_role("button", name="Assign to me").click()
    reviewer.goto("/sharing/requests/")
    expect(reviewer.get_by_test_id("assignee").first).to_have_text(str(people["reviewer"]))
    assert_accessible(reviewer)
    reviewer.goto(f"/sharing/requests/{sr.pk}/")
    reviewer.get_by_role("button", name="Approve").click()
    expect(reviewer.get_by_test_id("confirm-step")).to_contain_text("Who will be told")
    assert_accessible(reviewer)
    reviewer.get_by_role("button", name="Yes, approve").click()
    expect(reviewer.get_by_test_id("state")).to_have_text("Approved")
    reviewer.get_by_label("Attach a file").set_input_files(
        {"name": "signed.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    reviewer.get_by_label("Signed agreement").check()
    reviewer.get_by_role("button", name="Upload").click()
    expect(reviewer.get_by_text("File attached.")).to_be_visible()
    reviewer.get_by_role("button", name="Mark executed").click()  # dates from the term
    expect(reviewer.get_by_test_id("state")).to_have_text("Executed")
    today = datetime.date.today()
    sr.refresh_from_db()
    assert sr.effective_date == today and sr.expiry_date > today
    reviewer.get_by_label("Comment or reason").fill("The program ended early.")
    reviewer.get_by_role("button", name="Terminate").click()
    reviewer.get_by_role("button", name="Yes, terminate").click()
    expect(reviewer.get_by_test_id("state")).to_have_text("Terminated")

    # 5. The receiving agency certifies destruction with the signed certificate.
    requester.goto(f"/sharing/requests/{sr.pk}/")
    form = requester.get_by_test_id("destruction-form")
    expect(form).to_be_visible()
    assert_accessible(requester)
    requester.get_by_label("Cryptographic erasure (keys destroyed)").check()
    requester.get_by_label("Name of the certifying official").fill("Olivia Officer")
    requester.get_by_label("Title of the certifying official").fill("Agency Data Officer")
    requester.get_by_label("Signed destruction certificate (PDF)").set_input_files(
        {"name": "destroyed.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    requester.get_by_role("button", name="Certify destruction").click()
    expect(requester.get_by_test_id("destruction-certificate")).to_contain_text("Olivia Officer")

    # 6. The reviewer verifies it (confirmed): the agreement closes.
    reviewer.goto(f"/sharing/requests/{sr.pk}/")
    reviewer.get_by_role("button", name="Verify destruction and close").click()
    reviewer.get_by_role("button", name="Yes, verify destruction and close").click()
    expect(reviewer.get_by_test_id("state")).to_have_text("Closed (destruction certified)")
    expect(reviewer.get_by_test_id("verification")).to_contain_text("By ")
    assert_accessible(reviewer)
    reviewer.goto("/sharing/register/?closeout=certified")
    expect(reviewer.get_by_test_id("destruction")).to_contain_text("verified")
    assert_accessible(reviewer)
    sr.refresh_from_db()
    assert sr.state == State.CLOSED and sr.versions.count() == 2
