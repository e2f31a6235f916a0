"""The database refuses answers that do not fit their question (trigger of migration 0004).

Every write here goes straight through the ORM, past forms and imports: only PostgreSQL
stands between it and the table.
"""

import pytest
from django.db import IntegrityError, transaction

from assessments.models import Answer, Item, Option, Question, Response
from assessments.services import copy_survey
from tests.assessments.factories import add_response


@pytest.fixture
def parts(survey, agencies):
    questions = {q.key: q for q in Question.objects.filter(survey=survey)}
    response = add_response(survey, agencies["DSS"], {})
    return {
        "response": response,
        "q": questions,
        "agree": Option.objects.get(scale=questions["effectiveness"].scale, key="agree"),
        "dss": Option.objects.get(scale=questions["agency"].scale, key="dss"),
        "budget": Item.objects.get(question=questions["challenges"], key="budget"),
        "training": Item.objects.get(question=questions["activities"], key="training"),
    }


def refused(**fields):
    with pytest.raises(IntegrityError, match="does not fit"), transaction.atomic():
        Answer.objects.create(**fields)


def test_an_answer_that_fits_is_stored(parts):
    p = parts
    Answer.objects.create(
        response=p["response"], question=p["q"]["effectiveness"], option=p["agree"]
    )
    Answer.objects.create(
        response=p["response"], question=p["q"]["challenges"], item=p["budget"], option=p["agree"]
    )
    Answer.objects.create(
        response=p["response"], question=p["q"]["activities"], item=p["training"], rank=1
    )
    Answer.objects.create(response=p["response"], question=p["q"]["success"], text="ok")
    assert Answer.objects.filter(response=p["response"]).count() == 4


def test_an_option_of_another_scale_is_refused(parts):
    p = parts
    refused(response=p["response"], question=p["q"]["effectiveness"], option=p["dss"])
    refused(
        response=p["response"], question=p["q"]["challenges"], item=p["budget"], option=p["dss"]
    )
    assert not Answer.objects.filter(response=p["response"]).exists()


def test_an_option_for_a_question_without_scale_is_refused(parts):
    p = parts
    refused(
        response=p["response"], question=p["q"]["activities"], item=p["training"], option=p["agree"]
    )


def test_an_item_of_another_question_is_refused(parts):
    p = parts
    refused(
        response=p["response"], question=p["q"]["challenges"], item=p["training"], option=p["agree"]
    )
    refused(response=p["response"], question=p["q"]["activities"], item=p["budget"], rank=1)


def test_matrix_and_ranking_answers_need_an_item_and_others_take_none(parts):
    p = parts
    refused(response=p["response"], question=p["q"]["challenges"], option=p["agree"])
    refused(response=p["response"], question=p["q"]["activities"], rank=1)
    refused(
        response=p["response"],
        question=p["q"]["effectiveness"],
        item=p["budget"],
        option=p["agree"],
    )


def test_the_value_must_have_the_questions_type(parts):
    p = parts
    refused(response=p["response"], question=p["q"]["effectiveness"], text="agree")
    refused(response=p["response"], question=p["q"]["success"], rank=1)


def test_a_question_of_another_survey_is_refused(parts, survey):
    p = parts
    other = copy_survey(survey)
    other_question = Question.objects.get(survey=other, key="effectiveness")
    other_agree = Option.objects.get(scale=other_question.scale, key="agree")
    refused(response=p["response"], question=other_question, option=other_agree)


def test_an_update_that_breaks_the_rule_is_refused(parts):
    p = parts
    answer = Answer.objects.create(
        response=p["response"], question=p["q"]["effectiveness"], option=p["agree"]
    )
    with pytest.raises(IntegrityError, match="does not fit"), transaction.atomic():
        Answer.objects.filter(pk=answer.pk).update(option=p["dss"])
    answer.refresh_from_db()
    assert answer.option_id == p["agree"].pk


def test_the_question_option_item_and_response_cannot_move_under_their_answers(parts, survey):
    p = parts
    Answer.objects.create(
        response=p["response"], question=p["q"]["challenges"], item=p["budget"], option=p["agree"]
    )
    with pytest.raises(IntegrityError, match="does not fit"), transaction.atomic():
        Question.objects.filter(pk=p["q"]["challenges"].pk).update(scale=p["dss"].scale)
    with pytest.raises(IntegrityError, match="does not fit"), transaction.atomic():
        Option.objects.filter(pk=p["agree"].pk).update(scale=p["dss"].scale)
    with pytest.raises(IntegrityError, match="does not fit"), transaction.atomic():
        Item.objects.filter(pk=p["budget"].pk).update(question=p["q"]["activities"])
    with pytest.raises(IntegrityError, match="does not fit"), transaction.atomic():
        Response.objects.filter(pk=p["response"].pk).update(survey=copy_survey(survey))
    # the same columns may change where no answer depends on them
    Item.objects.filter(pk=p["training"].pk).update(position=9)
    Question.objects.filter(pk=p["q"]["effectiveness"].pk).update(text="Changed")
    assert Item.objects.get(pk=p["training"].pk).position == 9


# the results count submitted responses only ------------------------------------------


def test_a_reopened_response_leaves_the_results_and_a_resubmitted_one_comes_back(survey, dataset):
    from assessments.aggregation import results_for_survey
    from assessments.services import reopen_response, submit_response

    def budget_answered():
        results = results_for_survey(survey)
        items = results.question("challenges").items
        return results.respondents, next(i for i in items if i.key == "budget").answered

    assert budget_answered() == (8, 8)
    reopen_response(dataset[0])
    assert budget_answered() == (7, 7)
    submit_response(dataset[0])
    assert budget_answered() == (8, 8)
