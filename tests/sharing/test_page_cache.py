"""Sharing pages: fresh at once after every kind of write, never served across agencies."""

import datetime

import pytest

from sharing import workflow
from sharing.models import LegalFramework, State
from sharing.services import add_comment
from tests import factories
from tests.sharing.factories import executed, signed_agreement

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


# Fresh at once ----------------------------------------------------------------------------


def test_home_counts_follow_a_transition(client, draft, requester):
    client.force_login(requester)
    assert (
        '<span class="work-count__number">1</span> request waiting on you' in client.get("/").text
    )
    workflow.apply_transition(draft.pk, requester, "submit", version=None, notify=False)
    assert "Nothing is waiting on you." in client.get("/").text


def test_register_shows_a_new_agreement_at_once(client, draft, requester, sharing_reviewer):
    client.force_login(sharing_reviewer)
    assert "0 agreements" in client.get("/sharing/register/").text
    for name in ("submit", "approve"):
        actor = requester if name == "submit" else sharing_reviewer
        workflow.apply_transition(draft.pk, actor, name, version=None, notify=False)
    signed_agreement(draft, sharing_reviewer)
    workflow.apply_transition(
        draft.pk,
        sharing_reviewer,
        "mark_executed",
        version=None,
        effective_date=TODAY,
        expiry_date=TODAY + datetime.timedelta(days=365),
        notify=False,
    )
    page = client.get("/sharing/register/").text
    assert "1 agreement<" in page and f"#{draft.pk} {draft.title}" in page


def test_queue_and_request_page_follow_transitions_and_comments(client, draft, requester, provider):
    client.force_login(requester)
    assert draft.title in client.get("/sharing/requests/").text
    assert 'data-testid="state">Draft<' in client.get(f"/sharing/requests/{draft.pk}/").text
    workflow.apply_transition(draft.pk, requester, "submit", version=None, notify=False)
    assert draft.title not in client.get("/sharing/requests/").text  # no longer waits on me
    add_comment(draft, provider, "Which years exactly?")
    page = client.get(f"/sharing/requests/{draft.pk}/").text
    assert 'data-testid="state">Submitted<' in page and "Which years exactly?" in page


def test_request_page_shows_renamed_agency_and_user(client, draft, requester, provider):
    add_comment(draft, provider, "Hello")
    client.force_login(requester)
    client.get(f"/sharing/requests/{draft.pk}/")
    provider.first_name, provider.last_name = "Ada", "Lovelace"
    provider.save()
    draft.providing_agency.name = "Renamed Department of Education"
    draft.providing_agency.save()
    page = client.get(f"/sharing/requests/{draft.pk}/").text
    assert "Ada Lovelace" in page and "Renamed Department of Education" in page


def test_guidance_edit_shows_at_once(client, requester):
    client.force_login(requester)
    assert "Family Educational Rights and Privacy Act" in client.get("/sharing/").text
    framework = LegalFramework.objects.get(slug="ferpa")
    framework.name = "Student records law"
    framework.save()
    page = client.get("/sharing/").text
    assert "Student records law" in page
    assert "Family Educational Rights and Privacy Act" not in page


def test_request_page_shows_a_new_file_and_a_changed_rule_at_once(
    client, draft, requester, sharing_reviewer
):
    from sharing.models import DecisionRule

    client.force_login(requester)
    page = client.get(f"/sharing/requests/{draft.pk}/").text
    assert "No files attached." in page
    signed_agreement(draft, sharing_reviewer)
    assert "No files attached." not in client.get(f"/sharing/requests/{draft.pk}/").text
    for rule in DecisionRule.objects.filter(category__in=draft.categories.all()):
        rule.flag = "Changed by a curator in the admin."
        rule.save()  # as the admin saves it
    assert "Changed by a curator in the admin." in client.get(f"/sharing/requests/{draft.pk}/").text


def test_request_page_parts_are_shared_and_each_users_buttons_are_their_own(
    client, draft, requester, sharing_reviewer
):
    workflow.apply_transition(draft.pk, requester, "submit", version=None, notify=False)
    client.force_login(sharing_reviewer)
    reviewer_page = client.get(f"/sharing/requests/{draft.pk}/").text
    client.force_login(requester)
    requester_page = client.get(f"/sharing/requests/{draft.pk}/").text
    approve = 'name="action" value="approve"'
    assert approve in reviewer_page and approve not in requester_page
    assert "Assign to me" in reviewer_page and "Assign to me" not in requester_page
    timeline = reviewer_page.split('data-testid="timeline"')[1].split("</ol>")[0]
    assert timeline in requester_page  # the same cached timeline for both


# Never across agencies --------------------------------------------------------------------


def test_queue_of_one_agency_is_not_served_to_another(client, draft, requester, outsider):
    client.force_login(requester)
    assert draft.title in client.get("/sharing/requests/?view=all").text
    client.force_login(outsider)
    page = client.get("/sharing/requests/?view=all").text
    assert draft.title not in page and "0 requests" in page


def test_home_counts_of_one_agency_are_not_served_to_another(client, draft, requester, dcf):
    other = factories.data_officer(agency=dcf)
    client.force_login(requester)
    assert (
        '<span class="work-count__number">1</span> request waiting on you' in client.get("/").text
    )
    client.force_login(other)
    assert "Nothing is waiting on you." in client.get("/").text


def test_register_links_only_for_those_who_may_open(client, dol, sde, requester, outsider):
    agreement = executed(requesting_agency=dol, providing_agency=sde, title="Wage match")
    link = f'href="/sharing/requests/{agreement.pk}/"'
    client.force_login(requester)
    assert link in client.get("/sharing/register/").text
    client.force_login(outsider)
    page = client.get("/sharing/register/").text
    assert link not in page and "Wage match" not in page and f"#{agreement.pk}" in page


def test_cached_request_page_is_still_404_for_an_outsider(client, draft, requester, outsider):
    client.force_login(requester)
    assert client.get(f"/sharing/requests/{draft.pk}/").status_code == 200
    client.force_login(outsider)
    assert client.get(f"/sharing/requests/{draft.pk}/").status_code == 404


def test_unknown_parameters_are_answered_uncached(client, draft, requester):
    client.force_login(requester)
    page = client.get("/sharing/requests/", {"utm_source": "mail"}).text
    assert draft.title in page
    assert State.DRAFT.label in page


def test_an_officer_moved_to_another_agency_no_longer_sees_the_old_agencys_queue(
    client, draft, requester, dcf
):
    """The queue is cached per user: moving the user (admin, import) renews it at once."""
    client.force_login(requester)
    assert draft.title in client.get("/sharing/requests/?view=all").text
    requester.agency = dcf
    requester.save()
    assert draft.title not in client.get("/sharing/requests/?view=all").text


def test_an_officer_who_loses_the_role_no_longer_sees_the_queue(client, draft, requester):
    client.force_login(requester)
    assert draft.title in client.get("/sharing/requests/?view=all").text
    requester.groups.clear()
    assert draft.title not in client.get("/sharing/requests/?view=all").text
