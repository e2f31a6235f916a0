"""Breakdowns by role and agency group, with cells of fewer than 3 suppressed and their
complements (issue 18: the leadership column minus the statewide figure gave away the
lone data officer's answers; tests/assessments/test_suppression.py has the proofs)."""

from django.urls import reverse

from assessments.aggregation import breakdown
from assessments.models import AgencyGroup


def _table(result, key):
    return next(rows for question, _label, rows in result.tables if question.key == key)


def test_role_breakdown_suppresses_the_single_data_officer(dataset, survey):
    result = breakdown(survey, "role")
    assert [s.label for s in result.segments] == [
        "Agency leadership",
        "Agency data officer",
        "Other",
    ]
    assert [s.respondents for s in result.segments] == [7, 1, 0]
    budget = next(r for r in _table(result, "challenges") if r.item == "Lack of budget")
    # The statewide figure minus leadership's would be the officer's answer: both hidden.
    assert budget.cells == [None, None, None]
    # Only leaders answered these: their column is the statewide figure, shown.
    quality = next(r for r in _table(result, "challenges") if r.item == "Data quality")
    assert quality.cells == [43, None, None]  # 3 of 7 agree
    training = next(r for r in _table(result, "activities") if r.item == "Training")
    assert training.cells == [71, None, None]  # 5 of the 7 leaders ranked it 1st or 2nd


def test_group_breakdown_suppresses_groups_of_fewer_than_3_agencies(dataset, survey, agencies):
    health = AgencyGroup.objects.create(name="Health")
    health.agencies.set([agencies["DSS"], agencies["DPH"]])  # 4 respondents, 2 agencies
    three = AgencyGroup.objects.create(name="Three agencies")
    three.agencies.set([agencies["DSS"], agencies["DOL"], agencies["DPH"]])  # r1..r6
    result = breakdown(survey, "group")
    assert [(s.label, s.respondents) for s in result.segments] == [
        ("Health", 4),
        ("Three agencies", 6),
    ]
    # "Three agencies" is large enough alone, but the statewide figure minus it is DOT's
    # two respondents: suppressed as its complement.
    budget = next(r for r in _table(result, "challenges") if r.item == "Lack of budget")
    assert budget.cells == [None, None]
    training = next(r for r in _table(result, "activities") if r.item == "Training")
    assert training.cells == [None, None]


def test_breakdown_page_shows_suppressed_cells_and_states_the_method(
    dataset, survey, curator_client
):
    page = curator_client.get(f"/assessments/{survey.key}/results/breakdown/?by=role")
    assert b"suppressed" in page.content
    assert b"the next-smallest cell of the same row is suppressed too" in page.content
    assert b"43%" in page.content


def test_the_breakdown_page_shows_the_same_numbers_in_a_fixed_number_of_queries(
    dataset, survey, leader_client, django_assert_max_num_queries
):
    url = reverse("assessments:breakdown", args=[survey.key])
    first = leader_client.get(url)
    assert first.status_code == 200
    # sign-in (3), the survey, the questionnaire (questions, items, options), the counts (3)
    with django_assert_max_num_queries(10):
        again = leader_client.get(url)
    expected = breakdown(survey, "role")
    shown = again.context["breakdown"]
    assert [(q.key, [r.cells for r in rows]) for q, _label, rows in shown.tables] == [
        (q.key, [r.cells for r in rows]) for q, _label, rows in expected.tables
    ]
    assert [43, None, None] in [r.cells for _q, _l, rows in shown.tables for r in rows]
