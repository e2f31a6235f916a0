"""The home page lists what waits on the user, from every app."""

import datetime

import pytest

from tests import factories
from tests.assessments.factories import add_response, mini_survey
from tests.sharing.factories import SharingRequestFactory, executed


@pytest.mark.django_db
def test_nothing_waiting_says_so(client):
    client.force_login(factories.reviewer())
    page = client.get("/")
    assert "Nothing is waiting on you." in page.text


@pytest.mark.django_db
def test_leader_is_asked_to_answer_then_finish_the_open_survey(client, leader):
    survey = mini_survey()
    client.force_login(leader)
    assert f"Answer the {survey.title} (2024)" in client.get("/").text
    add_response(survey, leader.agency, {"effectiveness": "agree"}, user=leader, status="draft")
    assert f"Finish the {survey.title} (2024)" in client.get("/").text
    from django.utils import timezone

    survey.responses.update(status="submitted", submitted_at=timezone.now())
    assert survey.title not in client.get("/").text


@pytest.mark.django_db
def test_closed_survey_is_not_a_task(client, leader):
    survey = mini_survey()
    survey.closes = datetime.date.today() - datetime.timedelta(days=1)
    survey.opens = survey.closes - datetime.timedelta(days=30)
    survey.save()
    client.force_login(leader)
    assert survey.title not in client.get("/").text


@pytest.mark.django_db
def test_provider_officer_sees_requests_waiting_and_agreements_expiring(client):
    dol, sde = factories.AgencyFactory(code="DOL"), factories.AgencyFactory(code="SDE")
    officer = factories.data_officer(agency=sde)
    SharingRequestFactory(requesting_agency=dol, providing_agency=sde, state="submitted")
    today = datetime.date.today()
    executed(
        requesting_agency=dol,
        providing_agency=sde,
        effective_date=today - datetime.timedelta(days=300),
        expiry_date=today + datetime.timedelta(days=20),
    )
    client.force_login(officer)
    page = client.get("/").text
    assert "1 request(s) waiting on you" in page
    assert "1 of your agency&#x27;s agreements expire within 90 days" in page


@pytest.mark.django_db
def test_officer_of_another_agency_sees_none_of_it(client):
    dol, sde = factories.AgencyFactory(code="DOL"), factories.AgencyFactory(code="SDE")
    SharingRequestFactory(requesting_agency=dol, providing_agency=sde, state="submitted")
    client.force_login(factories.data_officer(agency=factories.AgencyFactory(code="DCF")))
    assert "Nothing is waiting on you." in client.get("/").text


@pytest.mark.django_db
def test_home_page_query_count_does_not_grow_with_requests(client, django_assert_max_num_queries):
    dol, sde = factories.AgencyFactory(code="DOL"), factories.AgencyFactory(code="SDE")
    officer = factories.data_officer(agency=sde)
    for _ in range(15):
        SharingRequestFactory(requesting_agency=dol, providing_agency=sde, state="submitted")
    client.force_login(officer)
    with django_assert_max_num_queries(13):
        assert "15 request(s) waiting on you" in client.get("/").text
