"""Cached sharing pages: cheap when nothing changed, fresh at once, never across agencies."""

import datetime

import pytest
from django.db import connection, transaction

from sharing import page_cache, workflow
from sharing.models import DataVersion, LegalFramework, SharingRequest, State
from sharing.services import add_comment
from tests import factories
from tests.sharing.factories import SharingRequestFactory, executed, signed_agreement

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
AUTH_QUERIES = 3  # the session, the user with their agency, and their groups


def counter(name):
    return DataVersion.objects.get(name=name).counter


# The versions, kept by the database ------------------------------------------------------


def test_a_request_write_bumps_requests_not_guidance(dol, sde, requester):
    guidance, requests = counter("guidance"), counter("requests")
    SharingRequestFactory(requesting_agency=dol, providing_agency=sde, created_by=requester)
    assert counter("requests") > requests
    assert counter("guidance") == guidance


def test_raw_sql_and_guidance_edits_bump_their_group(draft):
    requests = counter("requests")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE sharing_sharingrequest SET title = 'x' WHERE id = %s", [draft.pk])
    assert counter("requests") == requests + 1
    guidance = counter("guidance")
    LegalFramework.objects.filter(slug="ferpa").update(name="FERPA (renamed)")
    assert counter("guidance") == guidance + 1


def test_agency_renames_and_user_names_bump_requests_sign_ins_do_not(dol, requester):
    requests = counter("requests")
    dol.name = "Labor Department"
    dol.save()
    assert counter("requests") == requests + 1
    requester.last_login = datetime.datetime.now(datetime.UTC)
    requester.save(update_fields=["last_login"])
    assert counter("requests") == requests + 1
    requester.first_name = "Renamed"
    requester.save(update_fields=["first_name"])
    assert counter("requests") == requests + 2


def test_version_moves_with_the_transaction(draft):
    before = page_cache.current_version(DataVersion.REQUESTS)
    with pytest.raises(RuntimeError), transaction.atomic():
        SharingRequest.objects.filter(pk=draft.pk).update(title="Rolled back")
        assert page_cache.current_version(DataVersion.REQUESTS) != before
        raise RuntimeError
    assert page_cache.current_version(DataVersion.REQUESTS) == before


def test_audience_tells_roles_and_agencies_apart(requester, provider, sharing_reviewer):
    audiences = {page_cache.audience(u) for u in (requester, provider, sharing_reviewer)}
    assert len(audiences) == 3


# Cheap when nothing changed ---------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/", "/sharing/", "/sharing/requests/", "/sharing/register/", "REQUEST"]
)
def test_a_repeated_view_costs_one_query_beyond_sign_in(
    client, draft, sharing_reviewer, django_assert_num_queries, url
):
    executed(requesting_agency=draft.requesting_agency, providing_agency=draft.providing_agency)
    url = f"/sharing/requests/{draft.pk}/" if url == "REQUEST" else url
    client.force_login(sharing_reviewer)
    assert client.get(url).status_code == 200
    with django_assert_num_queries(AUTH_QUERIES + 1):  # the data version
        assert client.get(url).status_code == 200


# Fresh at once ----------------------------------------------------------------------------


def test_home_counts_follow_a_transition(client, draft, requester):
    client.force_login(requester)
    assert "1 request(s) waiting on you" in client.get("/").text
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
    assert "1 request(s) waiting on you" in client.get("/").text
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
