"""The home page lists what waits on the user, from every app."""

import datetime

import pytest
from django.utils import timezone

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
    assert '<span class="work-count__number">1</span> request waiting on you</a>' in page
    assert (
        '<span class="work-count__number">1</span> agreement expires within 90 days</a>'
        '\n      <p class="work-count__detail">Your agency&#x27;s, as provider or receiver</p>'
    ) in page
    soon = today + datetime.timedelta(days=90)
    assert (
        f"/sharing/register/?agency={sde.pk}&amp;status=executed&amp;expires_before={soon}" in page
    )


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
        page = client.get("/").text
        assert '<span class="work-count__number">15</span> requests waiting on you</a>' in page


@pytest.mark.django_db
def test_reviewer_sees_the_queue_with_the_oldest_waiting_days(client):
    dol, sde = factories.AgencyFactory(code="DOL"), factories.AgencyFactory(code="SDE")
    old = SharingRequestFactory(requesting_agency=dol, providing_agency=sde, state="submitted")
    SharingRequestFactory(requesting_agency=dol, providing_agency=sde, state="in_review")
    SharingRequestFactory(requesting_agency=dol, providing_agency=sde, state="draft")
    twelve_days_ago = timezone.now() - datetime.timedelta(days=12, hours=1)
    type(old).objects.filter(pk=old.pk).update(updated_at=twelve_days_ago)
    client.force_login(factories.reviewer())
    page = client.get("/").text
    assert (
        '<a href="/sharing/requests/?view=mine"><span class="work-count__number">2</span>' in page
    )
    assert "Oldest waiting 12 days" in page and "Nothing is waiting on you." not in page


@pytest.mark.django_db
def test_leader_sees_the_open_survey_with_its_deadline(client, leader):
    survey = mini_survey()
    survey.opens, survey.closes = datetime.date(2026, 1, 5), datetime.date(2099, 1, 31)
    survey.save()
    client.force_login(leader)
    page = client.get("/").text
    assert f"Answer the {survey.title} (2024)</a>" in page
    assert "Closes 31 January 2099" in page


@pytest.mark.django_db
def test_curator_sees_broken_links_overdue_reviews_gaps_and_agencies_yet_to_respond(client):
    from accounts.models import Agency
    from tests.hub.factories import ResourceFactory

    ResourceFactory(title="Broken one", link_status=404)
    ResourceFactory(title="Broken two", link_error="timed out")
    ResourceFactory(title="Stale", review_by=datetime.date(2020, 1, 1))
    survey = mini_survey()
    dss = factories.AgencyFactory(code="DSS")
    add_response(survey, dss, {"challenges.quality": "agree", "challenges.budget": "agree"})
    client.force_login(factories.curator())
    page = client.get("/").text
    assert (
        '#broken-heading"><span class="work-count__number">2</span> resource links are broken'
        in page
    )
    assert (
        '#review-heading"><span class="work-count__number">1</span> resource is past its '
        "review date"
    ) in page
    waiting = Agency.objects.filter(active=True).exclude(pk=dss.pk).count()
    assert waiting > 0
    assert (
        f'<a href="/assessments/{survey.key}/responses/"><span class="work-count__number">'
        f"{waiting}</span> agencies have not answered the 2024 survey yet</a>"
    ) in page
    assert (
        f'<a href="/assessments/{survey.key}/results/#gaps"><span class="work-count__number">2'
        "</span> training needs have no published resource</a>"
    ) in page


@pytest.mark.django_db
def test_curator_with_nothing_to_do_is_told_so(client):
    client.force_login(factories.curator())
    page = client.get("/").text
    assert "Nothing is waiting on you." in page and "work-count__number" not in page
