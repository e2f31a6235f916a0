"""Parallel writes on one response and one survey, on real separate database connections.

Each worker is a thread with its own connection (Django's connections are per thread); a
barrier starts them together so their transactions overlap, and each closes its
connection when done.
"""

import io

import pytest
from django.test import Client
from django.urls import reverse

from assessments import services
from assessments.forms import field_name
from assessments.importing import import_responses
from assessments.models import Answer, Item, Option, Question, Response
from tests import factories
from tests.parallel import run_together

pytestmark = pytest.mark.django_db(transaction=True)

WORKERS = 4


def url(name, *args):
    return reverse(f"assessments:{name}", args=args)


@pytest.fixture
def leader(agencies):
    return factories.leader(agency=agencies["DSS"])


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def answer_rows(response):
    return sorted(
        Answer.objects.filter(response=response).values_list(
            "question__key", "item__key", "option__key", "rank", "text"
        ),
        key=repr,
    )


def challenges_form(survey, option_key):
    """The challenges section with every answer set to one option (a recognisable set)."""
    q = {x.key: x for x in Question.objects.filter(survey=survey)}
    option = Option.objects.get(scale=q["effectiveness"].scale, key=option_key)
    data = {field_name(q["effectiveness"]): option.pk, "action": "save"}
    for item in Item.objects.filter(question=q["challenges"]):
        data[field_name(q["challenges"], item)] = option.pk
    return data


def test_parallel_first_visits_create_one_response_with_one_set_of_profile_answers(survey, leader):
    clients = [signed_in(leader) for _ in range(WORKERS)]
    pages = run_together(*[lambda c=c: c.get(url("respond", survey.key)) for c in clients])
    assert [p.status_code for p in pages] == [302] * WORKERS, pages
    response = Response.objects.get(survey=survey, respondent=leader)
    assert answer_rows(response) == [
        ("agency", None, "dss", None, ""),
        ("role", None, "agency_leadership", None, ""),
    ]


def test_parallel_submissions_of_one_response_submit_it_once(survey, leader):
    response = services.start_response(leader, survey)
    client = signed_in(leader)
    client.post(url("respond_section", survey.key, "challenges"), challenges_form(survey, "agree"))
    before = answer_rows(response)
    assert len(before) == 5
    results = run_together(*[lambda: services.submit_response(response)] * WORKERS)
    assert sorted(results) == [False] * (WORKERS - 1) + [True]
    first = Response.objects.get(pk=response.pk)
    assert first.status == "submitted" and first.submitted_at is not None
    # the same through the view, on a reopened response: one submission, answers intact
    services.reopen_response(response)
    clients = [signed_in(leader) for _ in range(WORKERS)]
    pages = run_together(
        *[lambda c=c: c.post(url("submit", survey.key), {"confirmed": "1"}) for c in clients]
    )
    assert [p.status_code for p in pages] == [302] * WORKERS, pages
    assert Response.objects.filter(survey=survey, respondent=leader).count() == 1
    assert Response.objects.get(pk=response.pk).status == "submitted"
    assert answer_rows(response) == before


def test_parallel_saves_of_one_section_leave_one_whole_draft(survey, leader):
    response = services.start_response(leader, survey)
    sets = ["strongly_agree", "agree", "neutral", "disagree"]
    clients = [signed_in(leader) for _ in sets]
    path = url("respond_section", survey.key, "challenges")
    pages = run_together(
        *[
            lambda c=c, k=k: c.post(path, challenges_form(survey, k))
            for c, k in zip(clients, sets, strict=True)
        ]
    )
    assert [p.status_code for p in pages] == [302] * len(sets), pages
    chosen = {
        key
        for _q, _i, key, _r, _t in answer_rows(response)
        if key not in ("dss", "agency_leadership")
    }
    assert len(chosen) == 1 and chosen <= set(sets)  # one save's answers, never a mixture
    assert len(answer_rows(response)) == 2 + 3  # profile + two matrix items and the likert
    assert Response.objects.get(pk=response.pk).last_section == "challenges"


def test_saves_racing_a_submission_land_whole_before_it_or_are_refused(survey, leader):
    response = services.start_response(leader, survey)
    sets = ["strongly_agree", "agree", "neutral"]
    clients = [signed_in(leader) for _ in range(len(sets) + 1)]
    path = url("respond_section", survey.key, "challenges")
    jobs = [
        lambda c=c, k=k: c.post(path, challenges_form(survey, k))
        for c, k in zip(clients[:-1], sets, strict=True)
    ]
    jobs.append(lambda: clients[-1].post(url("submit", survey.key), {"confirmed": "1"}))
    pages = run_together(*jobs)
    assert all(p.status_code == 302 for p in pages), pages
    assert Response.objects.get(pk=response.pk).status == "submitted"
    chosen = [k for _q, _i, k, _r, _t in answer_rows(response) if k in sets]
    assert len(set(chosen)) <= 1 and len(chosen) in (0, 3)
    # a save after the submission changes nothing
    late = clients[0].post(path, challenges_form(survey, "disagree"))
    assert late.status_code == 302 and late["Location"] == url("review", survey.key)
    assert "disagree" not in {k for _q, _i, k, _r, _t in answer_rows(response)}


CSV = "respondent,agency,role,effectiveness,challenges.budget,activities.training,success\n" + (
    "".join(
        f"r{n},{code},leadership,agree,neutral,1,Story {n}\n"
        for n, code in enumerate(["DSS", "DOL", "DPH", "DOT"] * 5)
    )
)


def test_parallel_imports_of_one_file_leave_the_rows_of_one_import(survey, agencies):
    results = run_together(*[lambda: import_responses(survey, io.StringIO(CSV))] * WORKERS)
    assert not any(isinstance(r, Exception) for r in results), results
    assert sorted(r.created for r in results) == [0] * (WORKERS - 1) + [20]
    assert sorted(r.unchanged for r in results) == [0] + [20] * (WORKERS - 1)
    assert Response.objects.filter(survey=survey).count() == 20
    assert Answer.objects.filter(response__survey=survey).count() == 20 * (4 + 2)
    assert Answer.objects.filter(response__survey=survey, question__key="success").count() == 20
