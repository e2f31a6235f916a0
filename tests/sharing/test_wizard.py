"""The multi-step intake: a draft saved step by step, guidance beside it, overlap warning."""

import pytest

from sharing.models import DataCategory, SharingRequest, State
from tests.sharing.factories import executed

pytestmark = pytest.mark.django_db


def run_wizard(client, provider_agency, categories=("ui_wage_records",)):
    response = client.post(
        "/sharing/requests/new/",
        {"title": "Wage match", "providing_agency": provider_agency.pk},
    )
    sr = SharingRequest.objects.latest("id")
    assert response["Location"] == f"/sharing/requests/{sr.pk}/edit/purpose/"
    steps = [
        ("purpose", {"purpose": "WIOA performance", "legal_authority": "20 CFR 603.5(e)"}),
        (
            "data",
            {
                "categories": [c.pk for c in DataCategory.objects.filter(key__in=categories)],
                "data_elements": "ssn\nquarter\nwages",
                "identifiability": "identified",
                "frequency": "quarterly",
            },
        ),
        (
            "security",
            {
                "storage_security": "Encrypted",
                "retention_destruction": "2 years",
                "contractor_involved": "on",
            },
        ),
        ("term", {"term_months": 24}),
    ]
    for key, data in steps:
        page = client.get(f"/sharing/requests/{sr.pk}/edit/{key}/")
        assert page.status_code == 200
        assert "Guidance for this step" in page.content.decode()
        sr.refresh_from_db()
        data = {**data, "version": sr.version}  # as the page's hidden field carries it
        response = client.post(f"/sharing/requests/{sr.pk}/edit/{key}/", data)
        assert response.status_code == 302, response.content.decode()[:3000]
    return sr


def test_wizard_builds_a_draft(client, requester, sde):
    client.force_login(requester)
    sr = run_wizard(client, sde)
    sr.refresh_from_db()
    assert sr.state == State.DRAFT
    assert sr.requesting_agency == requester.agency and sr.providing_agency == sde
    assert sr.term_months == 24 and sr.frequency == "quarterly"
    assert sr.contractor_involved
    assert [c.key for c in sr.categories.all()] == ["ui_wage_records"]
    assert sr.logs.get().action == "create"
    page = client.get(f"/sharing/requests/{sr.pk}/").content.decode()
    assert "Submit for review" in page
    assert "Unemployment compensation confidentiality" in page  # the advice beside it


def test_wizard_shows_guidance_for_chosen_categories(client, draft, requester):
    client.force_login(requester)
    page = client.get(f"/sharing/requests/{draft.pk}/edit/security/").content.decode()
    assert "Security controls" in page  # the clause this step feeds
    assert "Data sharing agreement (DSA)" in page  # the advice so far


def test_wizard_step_errors_are_shown(client, draft, requester):
    client.force_login(requester)
    response = client.post(f"/sharing/requests/{draft.pk}/edit/term/", {"term_months": 500})
    assert response.status_code == 200
    assert "Enter a term between 1 and 120 months" in response.content.decode()


def test_cannot_request_from_own_agency(client, requester):
    client.force_login(requester)
    response = client.post(
        "/sharing/requests/new/", {"title": "Self", "providing_agency": requester.agency.pk}
    )
    assert response.status_code == 200
    assert not SharingRequest.objects.exists()


def test_warns_when_an_active_agreement_covers_the_pair(client, draft, requester, sde):
    existing = executed(requesting_agency=sde, providing_agency=requester.agency)
    client.force_login(requester)
    page = client.get(f"/sharing/requests/{draft.pk}/edit/term/").content.decode()
    assert "An active agreement may already cover this" in page
    assert f"Agreement #{existing.pk}" in page
    page = client.get(f"/sharing/requests/{draft.pk}/").content.decode()
    assert "An active agreement may already cover this" in page


def test_the_request_page_warns_as_soon_as_an_agreement_comes_into_force(
    client, draft, requester, sde
):
    client.force_login(requester)
    page = client.get(f"/sharing/requests/{draft.pk}/").content.decode()
    assert "An active agreement may already cover this" not in page  # now cached
    existing = executed(requesting_agency=sde, providing_agency=requester.agency)
    page = client.get(f"/sharing/requests/{draft.pk}/").content.decode()
    assert f"Agreement #{existing.pk}" in page


def test_no_warning_for_other_categories_or_expired(client, draft, requester, sde):
    executed(requesting_agency=requester.agency, providing_agency=sde, categories=["medicaid"])
    client.force_login(requester)
    page = client.get(f"/sharing/requests/{draft.pk}/").content.decode()
    assert "An active agreement may already cover this" not in page


def test_stale_step_keeps_entries_and_does_not_overwrite(client, draft, requester):
    from sharing import workflow

    client.force_login(requester)
    draft.refresh_from_db()
    opened = draft.version
    # Meanwhile a colleague submits the request.
    workflow.apply_transition(draft.pk, requester, "submit", version=opened, notify=False)
    response = client.post(
        f"/sharing/requests/{draft.pk}/edit/purpose/",
        {"purpose": "My new careful purpose", "legal_authority": "x", "version": opened},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "This request changed since you opened it" in page
    assert "My new careful purpose" in page
    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED and draft.purpose != "My new careful purpose"


def test_step_save_writes_only_its_fields(client, draft, requester):
    from sharing.models import SharingRequest

    client.force_login(requester)
    draft.refresh_from_db()
    opened = draft.version
    SharingRequest.objects.filter(pk=draft.pk).update(title="Renamed elsewhere")
    response = client.post(
        f"/sharing/requests/{draft.pk}/edit/purpose/",
        {"purpose": "P", "legal_authority": "L", "version": opened},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Renamed elsewhere" and draft.purpose == "P"
    assert draft.version == opened + 1


def test_colleague_saved_first_then_save_again_keeps_mine(client, draft, requester):
    client.force_login(requester)
    draft.refresh_from_db()
    opened = draft.version
    colleague_data = {"purpose": "Colleague's purpose", "legal_authority": "A"}
    client.post(
        f"/sharing/requests/{draft.pk}/edit/purpose/", {**colleague_data, "version": opened}
    )
    mine = {"purpose": "My purpose", "legal_authority": "B", "version": opened}
    response = client.post(f"/sharing/requests/{draft.pk}/edit/purpose/", mine)
    assert response.status_code == 409
    page = response.content.decode()
    assert "My purpose" in page
    draft.refresh_from_db()
    assert draft.purpose == "Colleague's purpose"
    assert f'name="version" value="{draft.version}"' in page
    response = client.post(
        f"/sharing/requests/{draft.pk}/edit/purpose/", {**mine, "version": draft.version}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.purpose == "My purpose"
