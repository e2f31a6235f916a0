"""Duplicates early and wide (the agencies step, and after the categories: executed
agreements and open requests either way, overlapping categories), and the advisor's
answers carried into the wizard ("Start a request with this")."""

import pytest

from sharing.models import SharingRequest, State
from tests.sharing.factories import SharingRequestFactory, executed

pytestmark = pytest.mark.django_db


def start(client, sde, **extra):
    return client.post(
        "/sharing/requests/new/",
        {"title": "Graduates' wages", "providing_agency": sde.pk, **extra},
    )


def test_agencies_step_lists_agreements_and_open_requests_either_way(
    client, requester, provider, dol, sde, dcf
):
    agreement = executed(title="Old wages", requesting_agency=dol, providing_agency=sde)
    reverse_open = SharingRequestFactory(
        title="SDE asks DOL", requesting_agency=sde, providing_agency=dol, state=State.SUBMITTED
    )
    SharingRequestFactory(title="Other pair", requesting_agency=dol, providing_agency=dcf)
    SharingRequestFactory(
        title="Rejected one", requesting_agency=dol, providing_agency=sde, state=State.REJECTED
    )
    client.force_login(requester)
    response = start(client, sde)
    assert response.status_code == 200  # asked first, nothing created
    page = response.content.decode()
    assert 'data-testid="duplicates"' in page
    assert f'href="/sharing/requests/{agreement.pk}/">#{agreement.pk} Old wages</a>' in page
    assert f"#{reverse_open.pk} SDE asks DOL</a>" in page and "Submitted" in page
    assert "Other pair" not in page and "Rejected one" not in page
    assert "Start a new request anyway" in page
    assert not SharingRequest.objects.filter(title="Graduates' wages").exists()
    response = start(client, sde, acknowledged="1")
    assert response.status_code == 302
    assert SharingRequest.objects.filter(title="Graduates' wages").exists()


def test_no_question_when_nothing_exists(client, requester, sde):
    client.force_login(requester)
    assert start(client, sde).status_code == 302


def test_after_the_categories_open_requests_with_overlapping_categories(
    client, draft, requester, dol, sde
):
    same = SharingRequestFactory(
        title="Open wages", requesting_agency=sde, providing_agency=dol, state=State.IN_REVIEW
    )
    SharingRequestFactory(
        title="Open medicaid",
        requesting_agency=dol,
        providing_agency=sde,
        state=State.SUBMITTED,
        categories=["medicaid"],
    )
    client.force_login(requester)
    page = client.get(f"/sharing/requests/{draft.pk}/edit/security/").content.decode()
    assert f"#{same.pk} Open wages</a>" in page
    assert "Open medicaid" not in page
    assert f"#{draft.pk} " not in page.split('data-testid="duplicates"')[1].split("</section>")[0]


def test_hidden_requests_are_named_by_title_and_state_only(requester, sharing_reviewer, dol, sde):
    """The rule for requests a user may not open: no link (a reviewer sees all; an officer
    of a third agency sees none of the pair's)."""
    from sharing.selectors import possible_duplicates
    from tests import factories

    sr = SharingRequestFactory(requesting_agency=dol, providing_agency=sde, state=State.SUBMITTED)
    third = factories.data_officer(agency=factories.AgencyFactory(code="DOT"))
    (row,) = possible_duplicates(third, (dol.pk, sde.pk))
    assert row == {
        "pk": sr.pk,
        "title": sr.title,
        "state": "submitted",
        "state_label": "Submitted",
        "visible": False,
    }
    assert possible_duplicates(requester, (dol.pk, sde.pk))[0]["visible"] is True


def test_start_a_request_with_the_advice(client, requester, sde):
    client.force_login(requester)
    page = client.get(
        "/sharing/advisor/",
        {
            "category": ["education_records", "ui_wage_records"],
            "identifiability": "deidentified",
            "contractor": "on",
        },
    ).content.decode()
    assert 'data-testid="start-request"' in page
    link = page.split('data-testid="start-request"')[0].rsplit('href="', 1)[1].split('"')[0]
    link = link.replace("&amp;", "&")
    page = client.get(link).content.decode()
    assert 'data-testid="prefill"' in page and "Education records" in page
    assert '<input type="hidden" name="category" value="education_records">' in page
    form = {
        "title": "Linked outcomes",
        "providing_agency": sde.pk,
        "category": ["education_records", "ui_wage_records"],
        "identifiability": "deidentified",
        "contractor": "1",
    }
    response = client.post("/sharing/requests/new/", form)
    assert response.status_code == 302
    sr = SharingRequest.objects.get(title="Linked outcomes")
    assert {c.key for c in sr.categories.all()} == {"education_records", "ui_wage_records"}
    assert sr.identifiability == "deidentified" and sr.contractor_involved
    page = client.get(f"/sharing/requests/{sr.pk}/edit/data/").content.decode()
    education = sr.categories.get(key="education_records")
    assert "checked" in page.split(f'name="categories" value="{education.pk}"')[1][:40]
    assert 'data-testid="advice"' in page  # the advice is there from the first step on


def test_reviewer_sees_no_start_link(client, sharing_reviewer):
    client.force_login(sharing_reviewer)
    page = client.get(
        "/sharing/advisor/", {"category": "medicaid", "identifiability": "identified"}
    ).content.decode()
    assert 'data-testid="start-request"' not in page


def test_a_federal_match_or_research_carries_from_the_advice_into_the_requests_own_advice(
    client, requester, sde
):
    client.force_login(requester)
    page = client.get(
        "/sharing/advisor/",
        {
            "category": "snap_tanf",
            "identifiability": "identified",
            "federal_match": "on",
            "research": "on",
        },
    ).content.decode()
    link = page.split('data-testid="start-request"')[0].rsplit('href="', 1)[1].split('"')[0]
    link = link.replace("&amp;", "&")
    assert "federal_match=1" in link and "research=1" in link
    page = client.get(link).content.decode()
    assert "matched with federal records" in page and "for research" in page
    response = client.post(
        "/sharing/requests/new/",
        {
            "title": "Benefits match study",
            "providing_agency": sde.pk,
            "category": "snap_tanf",
            "identifiability": "identified",
            "federal_match": "1",
            "research": "1",
        },
    )
    assert response.status_code == 302
    sr = SharingRequest.objects.get(title="Benefits match study")
    assert sr.federal_match and sr.research
    advice = client.get(f"/sharing/requests/{sr.pk}/").context["advice"]
    assert advice.outcome == "outside_approval"
    assert {"data_integrity_board", "irb"} <= set(advice.approvals)
    # Cleared on the data step, the request's advice no longer asks for those approvals.
    sr.federal_match = sr.research = False
    sr.save()
    advice = client.get(f"/sharing/requests/{sr.pk}/").context["advice"]
    assert not {"data_integrity_board", "irb"} & set(advice.approvals)
