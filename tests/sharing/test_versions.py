"""A request's versions: each submission freezes the contents; the page compares them; a
returned request shows the reviewer's reason at the top and in the email."""

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from sharing import workflow
from sharing.models import DataCategory, RequestVersion

pytestmark = pytest.mark.django_db


def step(sr, user, name, **kwargs):
    sr.refresh_from_db()
    return workflow.apply_transition(sr.pk, user, name, version=sr.version, **kwargs)


@pytest.fixture
def returned(draft, requester, sharing_reviewer):
    step(draft, requester, "submit")
    step(draft, sharing_reviewer, "request_changes", comment="Narrow the wage fields to UI.")
    return draft


def test_submission_and_resubmission_freeze_numbered_versions(returned, requester):
    (first,) = returned.versions.all()
    assert (first.number, first.action, first.created_by) == (1, "submit", requester)
    assert first.contents["purpose"] == "Evaluate the workforce program."
    assert first.contents["categories"] == "Unemployment insurance and wage records"
    returned.refresh_from_db()
    returned.purpose = "Evaluate the CTE program."
    returned.save()
    step(returned, requester, "resubmit")
    assert list(returned.versions.values_list("number", "action")) == [
        (1, "submit"),
        (2, "resubmit"),
    ]
    # Frozen: later edits do not change what was submitted.
    assert RequestVersion.objects.get(request=returned, number=2).contents["purpose"] == (
        "Evaluate the CTE program."
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        RequestVersion.objects.create(request=returned, number=2, action="x", contents={})


def test_returned_request_shows_the_reason_at_the_top_and_in_the_email(client, returned, requester):
    (email,) = [m for m in mail.outbox if m.to == [requester.email]][-1:]
    assert "Changes requested" in email.subject
    assert "The reviewer's reason (what to change):\nNarrow the wage fields to UI." in email.body
    client.force_login(requester)
    page = client.get(f"/sharing/requests/{returned.pk}/").content.decode()
    top = page.index('data-testid="returned-reason"')
    assert top < page.index('id="actions-heading"')
    assert "Narrow the wage fields to UI." in page[top : top + 600]


def test_reviewer_sees_changes_since_the_last_submission(
    client, returned, requester, sharing_reviewer
):
    client.force_login(requester)
    page = client.get(f"/sharing/requests/{returned.pk}/").content.decode()
    assert "Edits not yet submitted" in page and 'data-testid="no-changes"' in page
    returned.refresh_from_db()
    returned.purpose = "Evaluate the CTE program."
    returned.save()
    returned.categories.add(DataCategory.objects.get(key="education_records"))
    page = client.get(f"/sharing/requests/{returned.pk}/").content.decode()
    assert "<del>Evaluate the workforce program.</del>" in page  # the requester's own edits
    step(returned, requester, "resubmit")
    client.force_login(sharing_reviewer)
    page = client.get(f"/sharing/requests/{returned.pk}/").content.decode()
    assert "Changes since the last submission" in page
    assert "Version 2" in page and "compared with version 1" in page
    section = page[page.index('data-testid="version-changes"') :]
    section = section[: section.index("</table>")]
    assert '<th scope="row">Purpose</th>' in section
    assert "<del>Evaluate the workforce program.</del>" in section
    assert "<ins>Evaluate the CTE program.</ins>" in section
    assert "<ins>Education records, Unemployment insurance and wage records</ins>" in section
    assert "Data elements" not in section  # unchanged fields are not listed
    assert 'data-testid="returned-reason"' not in page  # resubmitted: no longer returned
    versions = client.get(f"/sharing/requests/{returned.pk}/versions/").content.decode()
    assert versions.count('data-testid="version"') == 2
    assert "The first submission." in versions


def test_request_page_queries_do_not_grow_with_versions(
    client, returned, requester, sharing_reviewer
):
    def queries():
        client.force_login(sharing_reviewer)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/sharing/requests/{returned.pk}/").status_code == 200
        return len(captured)

    step(returned, requester, "resubmit")
    before = queries()
    for _ in range(3):
        step(returned, sharing_reviewer, "request_changes", comment="Again.")
        step(returned, requester, "resubmit")
    assert returned.versions.count() == 5
    assert queries() == before


def test_versions_page_is_404_for_an_unrelated_agency(client, returned, outsider, provider):
    client.force_login(outsider)
    assert client.get(f"/sharing/requests/{returned.pk}/versions/").status_code == 404
    client.force_login(provider)
    assert client.get(f"/sharing/requests/{returned.pk}/versions/").status_code == 200
