"""Answering: one section per page, drafts, resume, validation, review, submit and lock."""

import pytest
from django.urls import reverse

from assessments.forms import field_name
from assessments.models import Answer, Item, Option, Question, Response
from assessments.services import submit_response
from tests import factories


def url(name, *args):
    return reverse(f"assessments:{name}", args=args)


def fields(survey):
    q = {x.key: x for x in Question.objects.filter(survey=survey)}
    items = {f"{i.question.key}.{i.key}": i for i in Item.objects.select_related("question")}
    opt = {o.key: o.pk for o in Option.objects.filter(scale__key="agreement")}
    return q, items, opt


@pytest.fixture
def leader(agencies):
    return factories.leader(agency=agencies["DSS"])


def test_first_visit_creates_a_draft_with_agency_and_role_from_the_profile(
    survey, leader, leader_client
):
    answer = leader_client.get(url("respond", survey.key))
    assert answer.status_code == 302
    assert answer["Location"] == url("respond_section", survey.key, "respondent")
    response = Response.objects.get(respondent=leader)
    assert (response.status, response.agency.code, response.role) == ("draft", "DSS", "leadership")
    profile = dict(
        Answer.objects.filter(response=response).values_list("question__key", "option__key")
    )
    assert profile == {"agency": "dss", "role": "agency_leadership"}


def test_saving_a_section_stores_a_draft_and_resume_goes_to_the_section_saved_last(
    survey, leader, leader_client
):
    q, items, opt = fields(survey)
    page = leader_client.get(url("respond_section", survey.key, "challenges"))
    assert page.status_code == 200
    assert b"Section 2 of 3" in page.content
    data = {
        field_name(q["challenges"], items["challenges.budget"]): opt["agree"],
        field_name(q["challenges"], items["challenges.quality"]): opt["neutral"],
        field_name(q["effectiveness"]): opt["strongly_agree"],
        "action": "next",
    }
    saved = leader_client.post(url("respond_section", survey.key, "challenges"), data)
    assert saved["Location"] == url("respond_section", survey.key, "priorities")
    response = Response.objects.get(respondent=leader)
    assert response.status == "draft"
    assert set(
        Answer.objects.filter(response=response, question__section__key="challenges").values_list(
            "item__key", "option__key"
        )
    ) == {("budget", "agree"), ("quality", "neutral"), (None, "strongly_agree")}
    assert leader_client.get(url("respond", survey.key))["Location"] == url(
        "respond_section", survey.key, "challenges"
    )  # resumes at the section saved last
    again = leader_client.get(url("respond_section", survey.key, "challenges"))
    assert f'value="{opt["agree"]}" checked' in again.content.decode().replace("\n", " ") or (
        again.context["form"].initial[field_name(q["challenges"], items["challenges.budget"])]
        == str(opt["agree"])
    )


def test_saving_again_replaces_the_answers_instead_of_adding(survey, leader, leader_client):
    q, items, opt = fields(survey)
    name = field_name(q["effectiveness"])
    for key in ("agree", "disagree"):
        leader_client.post(
            url("respond_section", survey.key, "challenges"), {name: opt[key], "action": "save"}
        )
    response = Response.objects.get(respondent=leader)
    assert list(
        Answer.objects.filter(response=response, question=q["effectiveness"]).values_list(
            "option__key", flat=True
        )
    ) == ["disagree"]


def test_repeated_ranks_are_refused_with_a_message_next_to_the_field(survey, leader, leader_client):
    q, items, _opt = fields(survey)
    data = {
        field_name(q["activities"], items["activities.training"]): 1,
        field_name(q["activities"], items["activities.tools"]): 1,
        "action": "next",
    }
    page = leader_client.post(url("respond_section", survey.key, "priorities"), data)
    assert page.status_code == 200
    tools = field_name(q["activities"], items["activities.tools"])
    assert page.context["form"].errors[tools] == ["Rank 1 is already given to another activity."]
    assert f'id="error_1_id_{tools}"' in page.content.decode()
    assert not Answer.objects.filter(question=q["activities"]).exists()


def test_ranks_must_run_from_one_without_gaps(survey, leader, leader_client):
    q, items, _opt = fields(survey)
    training = field_name(q["activities"], items["activities.training"])
    data = {training: 3, "action": "next"}
    page = leader_client.post(url("respond_section", survey.key, "priorities"), data)
    assert "without gaps" in page.context["form"].errors[training][0]


def test_an_option_from_another_scale_is_refused(survey, leader, leader_client):
    q, _items, _opt = fields(survey)
    foreign = Option.objects.get(scale__key="choices:agency", key="dss")
    name = field_name(q["effectiveness"])
    page = leader_client.post(url("respond_section", survey.key, "challenges"), {name: foreign.pk})
    assert page.status_code == 200
    assert "Select a valid choice" in page.context["form"].errors[name][0]


def test_autosave_on_leaving_the_page_answers_204(survey, leader, leader_client):
    q, _items, _opt = fields(survey)
    answer = leader_client.post(
        url("respond_section", survey.key, "priorities"),
        {field_name(q["success"]): "We built a dashboard."},
        headers={"X-Autosave": "1"},
    )
    assert answer.status_code == 204
    assert Answer.objects.get(question=q["success"]).text == "We built a dashboard."


def test_review_then_submit_locks_the_response(survey, leader, leader_client):
    q, _items, opt = fields(survey)
    leader_client.post(
        url("respond_section", survey.key, "challenges"),
        {field_name(q["effectiveness"]): opt["agree"]},
    )
    review = leader_client.get(url("review", survey.key))
    assert b"My agency uses data well." in review.content and b"Submit response" in review.content
    leader_client.post(url("submit", survey.key), {"confirmed": "1"})
    response = Response.objects.get(respondent=leader)
    assert response.status == "submitted" and response.submitted_at is not None
    late = leader_client.post(
        url("respond_section", survey.key, "challenges"),
        {field_name(q["effectiveness"]): opt["disagree"]},
    )
    assert late["Location"] == url("review", survey.key)
    assert Answer.objects.get(response=response, question=q["effectiveness"]).option.key == "agree"
    assert leader_client.get(url("respond", survey.key))["Location"] == url("review", survey.key)


def test_double_submission_creates_nothing_twice(survey, leader, leader_client):
    leader_client.get(url("respond", survey.key))
    first = leader_client.post(url("submit", survey.key), {"confirmed": "1"}, follow=True)
    submitted_at = Response.objects.get(respondent=leader).submitted_at
    second = leader_client.post(url("submit", survey.key), {"confirmed": "1"}, follow=True)
    assert b"your response is submitted" in first.content
    assert b"already submitted" in second.content
    assert Response.objects.filter(respondent=leader).count() == 1
    assert Response.objects.get(respondent=leader).submitted_at == submitted_at
    assert submit_response(Response.objects.get(respondent=leader)) is False


def test_one_response_per_respondent_is_a_database_constraint(survey, leader):
    from django.db import IntegrityError, transaction

    Response.objects.create(
        survey=survey, respondent=leader, agency=leader.agency, role="leadership"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(
            survey=survey, respondent=leader, agency=leader.agency, role="leadership"
        )


def test_submitted_without_timestamp_is_refused_by_the_database(survey, leader):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(
            survey=survey,
            respondent=leader,
            agency=leader.agency,
            role="leadership",
            status="submitted",
        )


def test_data_officer_may_answer_as_data_officer(survey, agencies, client):
    officer = factories.data_officer(agency=agencies["DOL"])
    client.force_login(officer)
    client.get(url("respond", survey.key))
    assert Response.objects.get(respondent=officer).role == "data_officer"


def test_reviewers_and_curators_do_not_answer(survey, client, agencies):
    client.force_login(factories.reviewer(agency=agencies["DOT"]))
    assert client.get(url("respond", survey.key)).status_code == 403
    assert not Response.objects.exists()


def test_a_closed_survey_takes_no_new_responses(survey, leader_client):
    import datetime

    survey.opens = datetime.date(2020, 1, 1)
    survey.closes = datetime.date(2020, 2, 1)
    survey.save()
    assert leader_client.get(url("respond", survey.key)).status_code == 403
    assert not Response.objects.exists()


def test_respond_pages_stay_within_a_query_budget(
    survey, leader_client, django_assert_max_num_queries
):
    leader_client.get(url("respond", survey.key))
    with django_assert_max_num_queries(25):
        assert (
            leader_client.get(url("respond_section", survey.key, "challenges")).status_code == 200
        )
    with django_assert_max_num_queries(25):
        assert leader_client.get(url("review", survey.key)).status_code == 200


def test_a_draft_cannot_be_changed_or_submitted_after_the_survey_closes(
    survey, leader, leader_client
):
    import datetime

    leader_client.get(url("respond", survey.key))
    survey.opens, survey.closes = datetime.date(2020, 1, 1), datetime.date(2020, 2, 1)
    survey.save()
    review = leader_client.get(url("review", survey.key))
    assert review.status_code == 200 and b"Submit response" not in review.content
    page = leader_client.get(url("respond_section", survey.key, "challenges"))
    assert b'This survey is closed since <time datetime="2020-02-01">1 February 2020</time>' in (
        page.content
    )
    assert b"Save and continue" not in page.content
    assert leader_client.post(url("submit", survey.key)).status_code == 403
    assert leader_client.post(url("respond_section", survey.key, "challenges")).status_code == 403
    assert Response.objects.get(respondent=leader).status == "draft"


def test_a_repeated_rank_is_refused_by_the_database(survey, leader):
    from django.db import IntegrityError, transaction

    response = Response.objects.create(
        survey=survey, respondent=leader, agency=leader.agency, role="leadership"
    )
    question = Question.objects.get(survey=survey, key="activities")
    first, second = question.items.all()[:2]
    Answer.objects.create(response=response, question=question, item=first, rank=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(response=response, question=question, item=second, rank=1)
