"""Cached results: keyed by the survey results' version (config.cache_versions), which every
write that changes them renews, so a change shows at once (submit, reopen, import, admin
edits of the questionnaire and of responses) while draft saves keep the cache."""

import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.aggregation import results_for_survey
from assessments.forms import field_name
from assessments.models import Item, Option, Question, Response
from config import cache_versions
from tests import factories
from tests.assessments.factories import add_response, mini_survey


def url(name, *args):
    return reverse(f"assessments:{name}", args=args)


def respondents(client, survey) -> tuple[int, int]:
    """What the cached page and results.json say, read through the views."""
    page = client.get(url("results", survey.key))
    answer = client.get(url("results_json", survey.key))
    return page.context["results"].respondents, answer.json()["respondents"]


def budget_percent(client, survey) -> dict:
    questions = client.get(url("results_json", survey.key)).json()["questions"]
    challenges = next(q for q in questions if q["key"] == "challenges")
    return next(i for i in challenges["items"] if i["key"] == "budget")["percent"]


def form_data(page) -> dict:
    """An admin change form's fields and inlines as a browser posts them unchanged."""
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is True:
                data[form.add_prefix(name)] = "on"
            elif value is not None and value is not False:
                data[form.add_prefix(name)] = value
    return data


def row(data, prefix, pk) -> str:
    """The inline form prefix ("items-2") of the row with this id."""
    return next(
        key[: -len("-id")]
        for key, value in data.items()
        if key.startswith(f"{prefix}-") and key.endswith("-id") and value == pk
    )


def admin_edit(curator, obj, change) -> None:
    """What a curator does in the admin: open the object's change form, change it, save."""
    admin = Client()
    admin.force_login(curator)
    meta = obj._meta
    address = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    data = form_data(admin.get(address))
    change(data)
    answer = admin.post(address, data)
    assert answer.status_code == 302, answer.context["errors"]


def admin_delete(curator, obj) -> None:
    admin = Client()
    admin.force_login(curator)
    meta = obj._meta
    address = reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[obj.pk])
    assert admin.post(address, {"post": "yes"}).status_code == 302


@pytest.fixture
def leader(agencies):
    return factories.leader(agency=agencies["DSS"])


def test_an_unknown_survey_is_404(survey, leader_client):
    assert leader_client.get(url("results", "no-such-survey")).status_code == 404
    assert leader_client.get(url("results_json", survey.key)).json()["respondents"] == 0


def test_a_second_request_is_served_from_the_cache_with_fewer_queries(
    dataset, survey, leader_client, django_assert_max_num_queries
):
    for name in ("results", "results_json"):
        cache.clear()
        with CaptureQueriesContext(connection) as computing:
            assert leader_client.get(url(name, survey.key)).status_code == 200
        # left: auth and session, the survey (and the needs' hub resources)
        with django_assert_max_num_queries(len(computing) - 4):
            assert leader_client.get(url(name, survey.key)).status_code == 200


def test_a_second_results_page_reads_no_results_query(
    dataset, survey, leader_client, django_assert_max_num_queries
):
    leader_client.get(url("results", survey.key))
    # session, user, groups, survey, and the needs' hub resources (read live: the catalog
    # changes without the results' version)
    with django_assert_max_num_queries(5) as captured:
        leader_client.get(url("results", survey.key))
    sql = " ".join(q["sql"] for q in captured.captured_queries)
    assert "assessments_answer" not in sql and "assessments_question" not in sql


def test_cached_numbers_are_the_computed_numbers(dataset, survey, leader_client):
    computed = results_for_survey(survey).as_json()
    first = leader_client.get(url("results_json", survey.key)).json()
    cached = leader_client.get(url("results_json", survey.key)).json()
    assert first == cached == computed
    assert cached["respondents"] == 8
    csv_first = leader_client.get(url("results_csv", survey.key)).content
    assert leader_client.get(url("results_csv", survey.key)).content == csv_first
    assert b",respondents,8" in csv_first


def page_without_token(client, survey) -> str:
    body = client.get(url("results", survey.key)).content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)


def test_cached_page_shows_the_same_charts_as_a_computed_one(dataset, survey, leader_client):
    first = page_without_token(leader_client, survey)
    cached = page_without_token(leader_client, survey)
    cache.clear()
    computed = page_without_token(leader_client, survey)
    assert cached == first == computed
    assert 'id="chart-challenges-caption"' in first and "<td>50%</td>" in first


def test_submitting_changes_the_cached_page_and_json_at_once(
    dataset, survey, leader, leader_client
):
    assert respondents(leader_client, survey) == (8, 8)
    leader_client.get(url("respond", survey.key))  # starts the leader's draft
    answer = leader_client.post(url("submit", survey.key), {"confirmed": "1"})
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


def test_deleting_a_submitted_response_changes_the_cached_numbers(
    dataset, survey, leader_client, curator
):
    assert respondents(leader_client, survey) == (8, 8)
    admin_delete(curator, dataset[0])
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
    call_command("import_responses", survey.key, str(path))
    assert budget_percent(leader_client, survey) == {"Agree": 0, "Neutral": 0, "Disagree": 100}


def test_an_option_moved_to_another_group_changes_the_cached_numbers(
    dataset, survey, leader_client, curator
):
    assert budget_percent(leader_client, survey) == {"Agree": 50, "Neutral": 13, "Disagree": 25}
    neutral = Option.objects.get(scale__survey=survey, key="neutral")

    def move(data):
        data[f"{row(data, 'options', neutral.pk)}-group"] = "Agree"

    admin_edit(curator, neutral.scale, move)
    assert budget_percent(leader_client, survey) == {"Agree": 63, "Disagree": 25}


def test_a_question_or_option_text_edit_shows_on_the_cached_page(
    dataset, survey, leader_client, curator
):
    assert "Which challenges" in leader_client.get(url("results", survey.key)).content.decode()
    challenges = Question.objects.get(survey=survey, key="challenges")
    admin_edit(curator, challenges, lambda data: data.update(text="Obstacles met?"))
    assert "Obstacles met?" in leader_client.get(url("results", survey.key)).content.decode()
    agree = Option.objects.get(scale=challenges.scale, key="agree")

    def relabel(data):
        data[f"{row(data, 'options', agree.pk)}-label"] = "Rather agree"

    admin_edit(curator, agree.scale, relabel)
    assert "Rather agree" in leader_client.get(url("results", survey.key)).content.decode()


def test_a_survey_title_edit_shows_on_the_cached_report(dataset, survey, leader_client, curator):
    assert "Mini survey" in leader_client.get(url("report", survey.key)).content.decode()
    admin_edit(curator, survey, lambda data: data.update(title="Renamed survey"))
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
    before = cache_versions.version(cache_versions.SURVEY_RESULTS)
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
    assert cache_versions.version(cache_versions.SURVEY_RESULTS) == before


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
def test_every_questionnaire_change_in_the_admin_shows(
    change, dataset, survey, leader_client, curator
):
    challenges = Question.objects.get(survey=survey, key="challenges")
    if change == "item deleted":  # one nobody answered (answered items are protected)
        Item.objects.create(question=challenges, key="spare", text="Spare item", position=98)
    first = leader_client.get(url("results", survey.key)).content.decode()
    if change == "survey title":
        admin_edit(curator, survey, lambda data: data.update(title="Renamed"))
    elif change == "section title":
        section = challenges.section

        def rename(data):
            data[f"{row(data, 'sections', section.pk)}-title"] = "Renamed"

        admin_edit(curator, survey, rename)
    elif change == "question text":
        admin_edit(curator, challenges, lambda data: data.update(text="Renamed challenges?"))
    elif change == "scale key":
        admin_edit(curator, challenges.scale, lambda data: data.update(key="renamed"))
    elif change == "item added":

        def add(data):
            n = data["items-TOTAL_FORMS"]
            data["items-TOTAL_FORMS"] = n + 1
            data[f"items-{n}-key"] = "staffing"
            data[f"items-{n}-text"] = "Staffing"
            data[f"items-{n}-position"] = 99
            data[f"items-{n}-question"] = challenges.pk

        admin_edit(curator, challenges, add)
    elif change == "item deleted":
        assert "Spare item" in first
        spare = Item.objects.get(question=challenges, key="spare")

        def delete(data):
            data[f"{row(data, 'items', spare.pk)}-DELETE"] = "on"

        admin_edit(curator, challenges, delete)
    else:
        agree = Option.objects.get(scale=challenges.scale, key="agree")

        def relabel(data):
            data[f"{row(data, 'options', agree.pk)}-label"] = "Rather agree"

        admin_edit(curator, challenges.scale, relabel)
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
