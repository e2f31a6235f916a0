"""The tallies the results read (the materialized view of migration 0011) count exactly the
submitted answers, from the migration on and after every kind of write."""

import io

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count
from django.utils import timezone

from assessments import services
from assessments.aggregation import results_for_survey
from assessments.importing import import_responses
from assessments.models import Answer, AnswerTally, Option, Question, Response
from tests.assessments.factories import add_response
from tests.parallel import run_together

BEFORE = ("assessments", "0010_agency_in_accounts")
AFTER = ("assessments", "0011_answer_tally")


def counted_directly(survey):
    """The submitted answers with an option or a rank, counted from the answers themselves."""
    return set(
        Answer.objects.filter(response__survey=survey, response__status="submitted")
        .exclude(option=None, rank=None)
        .values_list(
            "response__agency_id", "response__role", "question_id", "item_id", "option_id", "rank"
        )
        .annotate(n=Count("id"))
        .order_by()
    )


def tallies(survey):
    return set(
        AnswerTally.objects.filter(survey=survey).values_list(
            "agency_id", "role", "question_id", "item_id", "option_id", "rank", "n"
        )
    )


def migrate(target):
    with connection.cursor() as cursor:  # no deferred checks pending while tables change
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@pytest.mark.django_db
def test_the_migration_reverses_to_the_copied_status_counts_the_answers_given_before_it(
    dataset, survey, agencies
):
    """One trip down and up (each migration of the history costs seconds): the reverse
    copies the status back, and going forward again counts what was written before it."""
    effectiveness = Question.objects.get(survey=survey, key="effectiveness")
    agree = Option.objects.get(scale=effectiveness.scale, key="agree")
    old_apps = migrate(BEFORE)
    old_answer = old_apps.get_model("assessments", "Answer")
    submitted = set(old_answer.objects.filter(submitted=True).values_list("response_id", flat=True))
    assert submitted == {r.pk for r in dataset[:8]}
    # a response written through the schema before the view (answer.submitted, its triggers)
    old_response = old_apps.get_model("assessments", "Response").objects.create(
        survey_id=survey.pk,
        external_ref="before-0011",
        agency_id=agencies["DOT"].pk,
        role="leadership",
        status="submitted",
        submitted_at=timezone.now(),
    )
    old_answer.objects.create(
        response_id=old_response.pk, question_id=effectiveness.pk, option_id=agree.pk
    )
    migrate(AFTER)
    assert tallies(survey) == counted_directly(survey) != set()
    migrate(
        MigrationExecutor(connection).loader.graph.leaf_nodes("assessments")[0]
    )  # the models below have the later migrations' columns
    results = results_for_survey(survey)
    assert results.respondents == 9
    assert results.question("effectiveness").counts["agree"] == 4  # 3 in the dataset, + 1


@pytest.mark.django_db
def test_the_tallies_follow_submit_reopen_and_import(dataset, survey, agencies):
    assert tallies(survey) == counted_directly(survey)
    draft = dataset[-1]
    assert services.submit_response(draft)
    assert tallies(survey) == counted_directly(survey)
    assert services.reopen_response(dataset[0])
    assert tallies(survey) == counted_directly(survey)
    import_responses(
        survey,
        io.StringIO(
            "respondent,agency,role,challenges.budget\nnew@example.gov,DOL,leadership,agree\n"
        ),
    )
    assert tallies(survey) == counted_directly(survey)
    assert Response.objects.filter(survey=survey, status="submitted").count() == 9


@pytest.mark.django_db(transaction=True)
def test_parallel_submissions_are_all_counted(survey, agencies):
    drafts = [
        add_response(survey, agencies["DSS"], {"effectiveness": "agree"}, status="draft")
        for _ in range(4)
    ]
    results = run_together(
        *[lambda r=r: services.submit_response(r) for r in drafts], raise_errors=True
    )
    assert results == [True] * 4
    assert tallies(survey) == counted_directly(survey)
    assert results_for_survey(survey).question("effectiveness").counts["agree"] == 4
