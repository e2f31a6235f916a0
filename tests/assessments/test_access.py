"""Who sees what: statewide results for everyone, raw answers for curators and own agency."""

import pytest
from django.urls import reverse

from assessments.models import Response
from tests import factories


def url(name, *args):
    return reverse(f"assessments:{name}", args=args)


@pytest.fixture
def dss_response(dataset):
    return dataset[0]  # DSS


def test_leader_of_another_agency_gets_404_on_a_response(dss_response, survey, agencies, client):
    client.force_login(factories.leader(agency=agencies["DOL"]))
    assert client.get(url("response_detail", survey.key, dss_response.pk)).status_code == 404
    assert client.post(url("reopen", survey.key, dss_response.pk)).status_code == 404


def test_data_officer_of_another_agency_gets_404_on_a_response(
    dss_response, survey, agencies, client
):
    client.force_login(factories.data_officer(agency=agencies["DPH"]))
    assert client.get(url("response_detail", survey.key, dss_response.pk)).status_code == 404


def test_own_agency_sees_its_response_but_cannot_reopen_it(dss_response, survey, agencies, client):
    client.force_login(factories.leader(agency=agencies["DSS"]))
    page = client.get(url("response_detail", survey.key, dss_response.pk))
    assert page.status_code == 200 and b"Reopen" not in page.content
    assert client.post(url("reopen", survey.key, dss_response.pk)).status_code == 403
    dss_response.refresh_from_db()
    assert dss_response.status == "submitted"


def test_curator_reopens_a_submitted_response(dss_response, survey, curator_client):
    page = curator_client.get(url("response_detail", survey.key, dss_response.pk))
    assert b"Reopen for changes" in page.content
    curator_client.post(url("reopen", survey.key, dss_response.pk))
    dss_response.refresh_from_db()
    assert (dss_response.status, dss_response.submitted_at) == ("draft", None)


def test_visible_to_scopes_responses_by_agency(dataset, agencies, curator):
    leader = factories.leader(agency=agencies["DOL"])
    assert set(Response.objects.visible_to(leader).values_list("agency__code", flat=True)) == {
        "DOL"
    }
    assert Response.objects.visible_to(curator).count() == len(dataset)


@pytest.mark.parametrize(
    "name", ["results", "breakdown", "compare", "report", "results_json", "results_csv"]
)
def test_every_signed_in_user_sees_statewide_results(dataset, survey, agencies, client, name):
    client.force_login(factories.reviewer(agency=agencies["DOT"]))
    assert client.get(url(name, survey.key)).status_code == 200


@pytest.mark.parametrize("name", ["responses", "responses_csv", "text_answers"])
def test_raw_answers_are_for_curators_only(dataset, survey, agencies, client, curator, name):
    client.force_login(factories.leader(agency=agencies["DSS"]))
    assert client.get(url(name, survey.key)).status_code == 403
    client.force_login(curator)
    assert client.get(url(name, survey.key)).status_code == 200


def test_text_answers_appear_for_curators_and_not_on_results(
    dataset, survey, agencies, client, curator
):
    client.force_login(factories.leader(agency=agencies["DOL"]))
    assert b"Success story 1" not in client.get(url("results", survey.key)).content
    client.force_login(curator)
    page = client.get(url("text_answers", survey.key))
    assert b"Success story 1" in page.content and b"Success story 2" in page.content


def test_curators_see_which_agencies_responded(dataset, survey, curator_client):
    page = curator_client.get(url("responses", survey.key))
    responded = {a.code for a in page.context["responded"]}
    assert {"DSS", "DOL", "DPH", "DOT"} <= responded
    assert "OPM" in {a.code for a in page.context["missing"]}


def test_results_and_responses_pages_have_query_budgets(
    dataset, survey, curator_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        assert curator_client.get(url("results", survey.key)).status_code == 200
    with django_assert_max_num_queries(15):
        assert curator_client.get(url("responses", survey.key)).status_code == 200
    with django_assert_max_num_queries(12):
        assert curator_client.get(url("index")).status_code == 200
    with django_assert_max_num_queries(15):
        assert curator_client.get(url("breakdown", survey.key) + "?by=group").status_code == 200


def test_results_page_query_count_does_not_grow_with_responses(
    survey, agencies, curator_client, django_assert_num_queries
):
    from tests.assessments.factories import add_response

    add_response(survey, agencies["DSS"], {"challenges.budget": "agree"})
    curator_client.get(url("results", survey.key))
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # both counts are of computing everything on the page
    with CaptureQueriesContext(connection) as few:
        curator_client.get(url("results", survey.key))
    for _ in range(15):
        add_response(
            survey, agencies["DOL"], {"challenges.quality": "agree", "activities.tools": 1}
        )
    cache.clear()
    with django_assert_num_queries(len(few.captured_queries)):
        assert curator_client.get(url("results", survey.key)).status_code == 200
