"""Cached results: keyed by a version the database renews with the data, so a change shows at
once (submit, reopen, import, structure edit, deletion) while draft saves keep the cache."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import results_cache, selectors, services, views
from assessments.aggregation import results_for_survey
from assessments.forms import field_name
from assessments.models import (
    Item,
    Option,
    Question,
    Response,
    Scale,
    Section,
    Survey,
    SurveyResultsVersion,
)
from tests import factories
from tests.assessments.factories import add_response, mini_survey


def url(name, *args):
    return reverse(f"assessments:{name}", args=args)


def version(survey) -> int:
    return SurveyResultsVersion.objects.get(survey=survey).version


def respondents(client, survey) -> tuple[int, int]:
    """What the cached page and results.json say, read through the views."""
    page = client.get(url("results", survey.key))
    answer = client.get(url("results_json", survey.key))
    return page.context["results"].respondents, answer.json()["respondents"]


def budget_percent(client, survey) -> dict:
    questions = client.get(url("results_json", survey.key)).json()["questions"]
    challenges = next(q for q in questions if q["key"] == "challenges")
    return next(i for i in challenges["items"] if i["key"] == "budget")["percent"]


@pytest.fixture
def leader(agencies):
    return factories.leader(agency=agencies["DSS"])


def test_the_survey_comes_with_its_results_version_in_one_query(
    dataset, survey, django_assert_num_queries
):
    with django_assert_num_queries(1):
        found = selectors.get_survey(survey.key)
    assert found.results_version == version(survey) > 0
    annotated = Survey.objects.with_results_version().get(pk=survey.pk)
    assert (found.key, found.title, found.results_version) == (
        annotated.key,
        annotated.title,
        annotated.results_version,
    )


def test_an_unknown_survey_is_404_and_one_without_a_version_row_reads_0(survey, leader_client):
    assert leader_client.get(url("results", "no-such-survey")).status_code == 404
    SurveyResultsVersion.objects.filter(survey=survey).delete()
    assert selectors.get_survey(survey.key).results_version == 0
    assert leader_client.get(url("results_json", survey.key)).json()["respondents"] == 0


def test_a_second_request_is_served_from_the_cache_with_fewer_queries(
    dataset, survey, leader_client, django_assert_max_num_queries
):
    for name in ("results", "results_json"):
        cache.clear()
        with CaptureQueriesContext(connection) as computing:
            assert leader_client.get(url(name, survey.key)).status_code == 200
        # left: auth and session, the survey with its version
        with django_assert_max_num_queries(len(computing) - 4):
            assert leader_client.get(url(name, survey.key)).status_code == 200


def test_a_second_results_page_reads_no_results_query(
    dataset, survey, leader_client, django_assert_max_num_queries
):
    leader_client.get(url("results", survey.key))
    with django_assert_max_num_queries(4) as captured:
        leader_client.get(url("results", survey.key))
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    assert "assessments_answer" not in sql and "assessments_question" not in sql


def test_cached_numbers_are_the_computed_numbers(dataset, survey, leader_client):
    computed = results_for_survey(survey).as_json()
    first = leader_client.get(url("results_json", survey.key)).json()
    cached = leader_client.get(url("results_json", survey.key)).json()
    assert first == cached == computed
    assert cached["respondents"] == 8
    assert results_cache.survey_results(selectors.get_survey(survey.key)).as_json() == computed
    csv_first = leader_client.get(url("results_csv", survey.key)).content
    assert leader_client.get(url("results_csv", survey.key)).content == csv_first
    assert b",respondents,8" in csv_first


def test_cached_page_shows_the_same_charts_as_a_computed_one(dataset, survey, leader_client):
    first = leader_client.get(url("results", survey.key)).context["charts_html"]
    cached = leader_client.get(url("results", survey.key))
    computed = views._render_charts(results_for_survey(survey))
    assert cached.context["charts_html"] == first == computed
    assert 'id="chart-challenges-caption"' in first and "<td>50%</td>" in first
    assert first in cached.content.decode()


def test_submitting_changes_the_cached_page_and_json_at_once(
    dataset, survey, leader, leader_client
):
    assert respondents(leader_client, survey) == (8, 8)
    leader_client.get(url("respond", survey.key))  # starts the leader's draft
    answer = leader_client.post(url("submit", survey.key))
    assert answer.status_code == 302
    assert Response.objects.get(respondent=leader).status == "submitted"
    assert respondents(leader_client, survey) == (9, 9)


def test_reopening_changes_the_cached_page_and_json_at_once(
    dataset, survey, curator_client, leader
):
    reader = Client()
    reader.force_login(leader)
    assert respondents(reader, survey) == (8, 8)
    answer = curator_client.post(url("reopen", survey.key, dataset[0].pk))
    assert answer.status_code == 302
    assert respondents(reader, survey) == (7, 7)


def test_deleting_a_submitted_response_changes_the_cached_numbers(dataset, survey, leader_client):
    assert respondents(leader_client, survey) == (8, 8)
    dataset[0].delete()
    assert respondents(leader_client, survey) == (7, 7)


def test_an_import_changes_the_cached_numbers_also_when_it_only_changes_answers(
    survey, agencies, leader_client, tmp_path
):
    add_response(survey, agencies["DOL"], {"challenges.budget": "disagree"}, ref="x1")
    first = "respondent,agency,role,challenges.budget\nnew@example.gov,DSS,leadership,agree\n"
    path = tmp_path / "responses.csv"
    path.write_text(first)
    assert budget_percent(leader_client, survey)["Agree"] == 0
    call_command("import_responses", survey.key, str(path))
    assert budget_percent(leader_client, survey)["Agree"] == 50
    # the same respondents, agencies and roles: only a submitted response's answers change
    path.write_text(first.replace(",agree", ",disagree"))
    before = version(survey)
    call_command("import_responses", survey.key, str(path))
    assert version(survey) > before
    assert budget_percent(leader_client, survey) == {"Agree": 0, "Neutral": 0, "Disagree": 100}


def test_an_option_moved_to_another_group_changes_the_cached_numbers(
    dataset, survey, leader_client
):
    assert budget_percent(leader_client, survey) == {"Agree": 50, "Neutral": 13, "Disagree": 25}
    neutral = Option.objects.get(scale__survey=survey, key="neutral")
    neutral.group = "Agree"
    neutral.save()
    assert budget_percent(leader_client, survey) == {"Agree": 63, "Disagree": 25}


def test_a_question_or_option_text_edit_shows_on_the_cached_page(dataset, survey, leader_client):
    assert "Which challenges" in leader_client.get(url("results", survey.key)).content.decode()
    Question.objects.filter(survey=survey, key="challenges").update(text="Obstacles met?")
    assert "Obstacles met?" in leader_client.get(url("results", survey.key)).content.decode()
    Option.objects.filter(scale__survey=survey, key="agree").update(label="Rather agree")
    assert "Rather agree" in leader_client.get(url("results", survey.key)).content.decode()


def test_a_survey_title_edit_shows_on_the_cached_report(dataset, survey, leader_client):
    assert "Mini survey" in leader_client.get(url("report", survey.key)).content.decode()
    stale = Survey.objects.get(pk=survey.pk)
    stale.title = "Renamed survey"
    stale.save()
    assert "Renamed survey" in leader_client.get(url("report", survey.key)).content.decode()


def test_the_compared_survey_is_cached_and_renewed_too(dataset, survey, agencies, leader_client):
    earlier = mini_survey(key="mini-2022", cycle="2022")
    add_response(earlier, agencies["DSS"], {"challenges.budget": "disagree"})
    page = leader_client.get(url("compare", survey.key))
    assert [(r.item, r.earlier, r.later) for r in page.context["rows"]] == [("budget", 0, 50)]
    add_response(earlier, agencies["DOL"], {"challenges.budget": "agree"})
    page = leader_client.get(url("compare", survey.key))
    assert [(r.item, r.earlier, r.later) for r in page.context["rows"]] == [("budget", 50, 50)]


def test_draft_saves_do_not_renew_the_version(dataset, survey, leader, leader_client):
    leader_client.get(url("results", survey.key))
    before = version(survey)
    leader_client.get(url("respond", survey.key))  # a new draft with its profile answers
    success = Question.objects.get(survey=survey, key="success")
    effectiveness = Question.objects.get(survey=survey, key="effectiveness")
    agree = Option.objects.get(scale=effectiveness.scale, key="agree")
    for section, data in [
        ("priorities", {field_name(success): "We built a dashboard."}),
        ("challenges", {field_name(effectiveness): agree.pk}),
        ("challenges", {field_name(effectiveness): agree.pk, "action": "save"}),
    ]:
        answer = leader_client.post(
            url("respond_section", survey.key, section), data, headers={"X-Autosave": "1"}
        )
        assert answer.status_code == 204
    draft = Response.objects.get(respondent=leader)
    assert draft.answers.count() == 4 and draft.status == "draft"
    assert version(survey) == before


def structure_version(survey) -> int:
    return SurveyResultsVersion.objects.get(survey=survey).structure_version


def test_submissions_renew_the_results_version_but_not_the_structure_version(
    dataset, survey, agencies, leader_client, django_assert_max_num_queries
):
    assert respondents(leader_client, survey) == (8, 8)
    before, structure = version(survey), structure_version(survey)
    assert structure > 0
    add_response(survey, agencies["DOT"], {"challenges.budget": "agree"})
    services.reopen_response(dataset[0])
    assert version(survey) > before and structure_version(survey) == structure
    # computed again after the change, without reading the questionnaire again
    with django_assert_max_num_queries(6) as captured:
        page = leader_client.get(url("results", survey.key))
    assert page.context["results"].respondents == 8
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    assert "assessments_answer" in sql
    for table in ("assessments_question", "assessments_item", "assessments_option"):
        assert f'FROM "{table}"' not in sql


@pytest.mark.parametrize(
    "change",
    [
        "survey title",
        "section title",
        "question text",
        "scale key",
        "item added",
        "item deleted",
        "option label",
    ],
)
def test_every_questionnaire_change_renews_both_versions_and_shows(
    change, dataset, survey, leader_client
):
    challenges = Question.objects.get(survey=survey, key="challenges")
    if change == "item deleted":  # one nobody answered (answered items are protected)
        Item.objects.create(question=challenges, key="spare", text="Spare item", position=98)
    first = leader_client.get(url("results", survey.key)).content.decode()
    before, structure = version(survey), structure_version(survey)
    if change == "survey title":
        Survey.objects.filter(pk=survey.pk).update(title="Renamed")
    elif change == "section title":
        Section.objects.filter(survey=survey).update(title="Renamed")
    elif change == "question text":
        Question.objects.filter(pk=challenges.pk).update(text="Renamed challenges?")
    elif change == "scale key":
        Scale.objects.filter(pk=challenges.scale_id).update(key="renamed")
    elif change == "item added":
        Item.objects.create(question=challenges, key="staffing", text="Staffing", position=99)
    elif change == "item deleted":
        assert "Spare item" in first
        Item.objects.filter(question=challenges, key="spare").delete()
    else:
        Option.objects.filter(scale=challenges.scale, key="agree").update(label="Rather agree")
    assert version(survey) > before and structure_version(survey) > structure
    body = leader_client.get(url("results", survey.key)).content.decode()
    shown = {
        "question text": "Renamed challenges?",
        "item added": "Staffing",
        "option label": "Rather agree",
    }
    if change in shown:
        assert shown[change] in body
    if change == "item deleted":
        assert "Spare item" not in body and "Lack of budget" in body


def test_the_structure_version_comes_with_the_survey(dataset, survey):
    found = selectors.get_survey(survey.key)
    annotated = Survey.objects.with_results_version().get(pk=survey.pk)
    assert found.structure_version == annotated.structure_version == structure_version(survey)


def test_a_version_rolled_back_is_not_given_again(dataset, survey):
    before = version(survey)
    with pytest.raises(IntegrityError), transaction.atomic():
        services.reopen_response(dataset[0])
        rolled_back = version(survey)
        raise IntegrityError("roll back")
    assert version(survey) == before < rolled_back
    services.reopen_response(dataset[0])
    assert version(survey) not in (before, rolled_back)


def test_a_new_survey_has_a_version_and_a_deleted_one_takes_it_along(db):
    copy = services.copy_survey(mini_survey(key="kept"))
    assert version(copy) > 0
    survey = Survey.objects.create(key="throwaway", title="Throwaway", cycle="2030")
    section = Section.objects.create(survey=survey, key="only", title="Only")
    question = Question.objects.create(
        survey=survey, section=section, key="rank", kind="ranking", text="Rank"
    )
    Item.objects.create(question=question, key="one", text="One")
    assert version(survey) > 0
    with transaction.atomic():  # children first (each renews the version), the survey last
        survey.delete()
    connection.check_constraints()  # the foreign keys checked now, not at the test's rollback
    assert not SurveyResultsVersion.objects.filter(survey_id=section.survey_id).exists()
    assert SurveyResultsVersion.objects.filter(survey=copy).exists()


def test_text_answers_never_reach_the_cache(dataset, survey, curator_client):
    for name in ("results", "results_json", "results_csv", "report", "compare"):
        assert curator_client.get(url(name, survey.key)).status_code == 200
    assert curator_client.get(url("text_answers", survey.key)).status_code == 200
    stored = list(cache._cache.values())  # the test cache is a LocMemCache of pickles
    assert len(stored) >= 3
    assert not any(b"Success story" in value for value in stored)
    assert any(b"Lack of budget" in value for value in stored)


def test_curator_content_is_not_served_to_others_from_the_cache(
    dataset, survey, client, curator, leader
):
    client.force_login(curator)
    page = client.get(url("results", survey.key)).content.decode()
    assert "Gaps: needs with no published resource" in page
    assert url("text_answers", survey.key) in page
    client.force_login(leader)
    page = client.get(url("results", survey.key)).content.decode()
    assert "Gaps: needs with no published resource" not in page
    assert url("text_answers", survey.key) not in page
    assert "Lack of budget" in page


def test_a_curator_after_a_cached_leader_page_still_sees_the_gaps(
    dataset, survey, client, curator, leader
):
    client.force_login(leader)
    assert "Gaps:" not in client.get(url("results", survey.key)).content.decode()
    client.force_login(curator)
    assert "Gaps: needs with no published resource" in (
        client.get(url("results", survey.key)).content.decode()
    )


def test_training_needs_stay_live_on_a_cached_page(dataset, survey, leader_client):
    from tests.assessments.test_training_needs import resource

    assert "governance-basics" not in leader_client.get(url("results", survey.key)).content.decode()
    resource("Governance basics", "governance-basics", ["data governance"])
    page = leader_client.get(url("results", survey.key)).content.decode()
    assert 'href="/resources/governance-basics/"' in page


def test_cached_results_carry_the_requests_survey(dataset, survey):
    found = selectors.get_survey(survey.key)
    results_cache.survey_results(found)
    again = selectors.get_survey(survey.key)
    cached = results_cache.survey_results(again)
    assert cached.survey is again and cached.respondents == 8


def test_csv_report_and_compare_read_the_cached_results(dataset, survey, agencies, leader_client):
    earlier = mini_survey(key="mini-2022", cycle="2022")
    add_response(earlier, agencies["DSS"], {"challenges.budget": "disagree"})
    for name in ("results_csv", "report", "compare"):
        assert leader_client.get(url(name, survey.key)).status_code == 200
        with CaptureQueriesContext(connection) as again:
            assert leader_client.get(url(name, survey.key)).status_code == 200
        tables = " ".join(q["sql"] for q in again.captured_queries)
        assert "assessments_answer" not in tables and "assessments_question" not in tables
        assert len(again) <= 5
