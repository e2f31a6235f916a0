"""Complementary suppression in the breakdowns (issue 18), proven by brute force.

The proof reads what users can read (results.json for the statewide figures, the
breakdown CSV for the cells, the page for the same cells) and, for every row, tries every
sum and difference of the shown figures (coefficients -1, 0, +1): none may give a
suppressed cell, one response, one agency or two agencies.
"""

import csv
import io
from itertools import combinations, product

import pytest
from django.urls import reverse

from assessments import suppression
from assessments.models import AgencyGroup, Answer, Response
from tests import factories
from tests.assessments.factories import add_response, mini_survey

SCALE = ["strongly_agree", "agree", "neutral", "disagree", "strongly_disagree"]


# The method, on units (agency, role) ----------------------------------------------------


def test_a_two_group_dimension_suppresses_both():
    counts = {(n, "leadership"): 1 for n in range(21)} | {(0, "data_officer"): 1}
    leaders = frozenset(u for u in counts if u[1] == "leadership")
    officer = frozenset({(0, "data_officer")})
    assert suppression.suppressed(counts, [leaders, officer, frozenset()]) == {0, 1, 2}


def test_two_small_cells_protect_each_other_when_together_they_are_large_enough():
    counts = {(n, "leadership"): 1 for n in range(20)}
    counts |= {(20, "data_officer"): 1, (21, "other"): 1, (22, "other"): 1}
    cells = [
        frozenset(u for u in counts if u[1] == r) for r in ("leadership", "data_officer", "other")
    ]
    assert suppression.suppressed(counts, cells) == {1, 2}


def test_small_cells_from_two_agencies_together_still_need_a_complement():
    counts = {(n, "leadership"): 1 for n in range(20)}
    counts |= {(20, "data_officer"): 1, (20, "other"): 1, (21, "other"): 1}  # 2 agencies
    cells = [
        frozenset(u for u in counts if u[1] == r) for r in ("leadership", "data_officer", "other")
    ]
    assert suppression.suppressed(counts, cells) == {0, 1, 2}


def test_a_large_group_whose_rest_of_the_state_is_one_agency_is_suppressed():
    counts = {(n, "leadership"): 2 for n in range(10)}
    everyone_but_one = frozenset(u for u in counts if u[0] != 9)
    assert suppression.suppressed(counts, [everyone_but_one]) == {0}
    everyone_but_three = frozenset(u for u in counts if u[0] < 7)
    assert suppression.suppressed(counts, [everyone_but_three]) == set()


def test_nested_groups_that_differ_by_one_agency_are_not_both_shown():
    counts = {(n, "leadership"): 3 for n in range(12)}
    big = frozenset(u for u in counts if u[0] < 8)
    bigger = frozenset(u for u in counts if u[0] < 9)  # big plus agency 8
    hidden = suppression.suppressed(counts, [big, bigger])
    assert hidden in ({0}, {1}, {0, 1})
    assert hidden == {0}  # the smaller of the two goes first


# The proof on what the pages and exports show --------------------------------------------


def _derivable(figures, universe):
    """Every sum and difference of the figures (-1, 0, +1 each), as vectors over universe."""
    vectors = [tuple(1 if r in f else 0 for r in universe) for f in figures]
    out = set()
    for signs in product((-1, 0, 1), repeat=len(vectors)):
        out.add(
            tuple(
                sum(s * v[i] for s, v in zip(signs, vectors, strict=True))
                for i in range(len(universe))
            )
        )
    return out


def _indicator(members, universe):
    return tuple(1 if r in members else 0 for r in universe)


def _csv(client, survey, by):
    url = reverse("assessments:breakdown_csv", args=[survey.key]) + f"?by={by}"
    return list(csv.DictReader(io.StringIO(client.get(url).content.decode())))


def _row_sets(survey, responses):
    """(question key, item key) -> the submitted responses counted in that row's figures:
    who answered the matrix item, or who ranked the ranking question."""
    submitted = {r.pk: r for r in responses if r.status == "submitted"}
    rows = {}
    for answer in Answer.objects.filter(response__survey=survey).select_related("question", "item"):
        if answer.response_id not in submitted:
            continue
        if answer.question.kind == "matrix" and answer.option_id:
            rows.setdefault((answer.question.key, answer.item.key), set()).add(answer.response_id)
        elif answer.question.kind == "ranking" and answer.rank == 1:
            for item in answer.question.items.all():
                rows.setdefault((answer.question.key, item.key), set()).add(answer.response_id)
    return rows, submitted


def assert_nothing_recoverable(client, survey, responses):
    """The proof: see the module's docstring. Returns the number of suppressed cells."""
    statewide = client.get(reverse("assessments:results_json", args=[survey.key])).json()
    answered = {
        (q["key"], i["key"]): i["answered"]
        for q in statewide["questions"]
        if q["type"] == "matrix"
        for i in q["items"]
    }
    groups = {
        g.name: set(g.agencies.values_list("pk", flat=True)) for g in AgencyGroup.objects.all()
    }
    exports = {by: _csv(client, survey, by) for by in ("role", "group")}
    for by in ("role", "group"):  # the page shows exactly the export's cells
        page = client.get(reverse("assessments:breakdown", args=[survey.key]) + f"?by={by}")
        shown = [
            c for _q, _l, rows in page.context["breakdown"].tables for r in rows for c in r.cells
        ]
        assert shown == [int(row["value"]) if row["value"] else None for row in exports[by]]
    rows, submitted = _row_sets(survey, responses)
    role_key = {label: value for value, label in Response.Role.choices}
    hidden_count = 0
    for (question, item), everyone in rows.items():
        if (question, item) in answered:
            assert answered[(question, item)] == len(everyone)  # the statewide figure
        universe = sorted(everyone)
        figures, secrets = [everyone], []
        for by, export in exports.items():
            for row in export:
                if (row["question"], row["item"]) != (question, item):
                    continue
                if by == "role":
                    cell = {r for r in everyone if submitted[r].role == role_key[row["role"]]}
                else:
                    cell = {r for r in everyone if submitted[r].agency_id in groups[row["group"]]}
                (figures if row["value"] else secrets).append(cell)
        derivable = _derivable(figures, universe) - {_indicator(everyone, universe)}
        agencies = sorted({submitted[r].agency_id for r in everyone})
        by_agency = {a: {r for r in everyone if submitted[r].agency_id == a} for a in agencies}
        small = [{r} for r in everyone]
        small += [by_agency[a] | by_agency[b] for a, b in combinations(agencies, 2)]
        small += list(by_agency.values())
        for target in [s for s in secrets if s] + small:
            if set(target) == everyone:
                continue
            assert _indicator(target, universe) not in derivable, (question, item, target)
        hidden_count += sum(1 for s in secrets if s)
    return hidden_count


def _agencies(n):
    return [factories.AgencyFactory(code=f"A{k:02d}") for k in range(n)]


@pytest.fixture
def leaders_and_one_officer(db):
    """21 leaders of 21 agencies and one data officer (of the first agency), two agency
    groups of 10 and 11 agencies; answers vary so that every figure differs."""
    survey = mini_survey()
    agencies = _agencies(21)
    east = AgencyGroup.objects.create(name="East")
    east.agencies.set(agencies[:10])
    west = AgencyGroup.objects.create(name="West")
    west.agencies.set(agencies[10:])
    responses = []
    for n, agency in enumerate(agencies):
        answers = {
            "challenges.budget": SCALE[n % 5],
            "challenges.quality": SCALE[(n * 2) % 5],
            "activities.training": 1 + n % 3,
            "activities.tools": 1 + (n + 1) % 3,
            "activities.analysis": 1 + (n + 2) % 3,
        }
        responses.append(add_response(survey, agency, answers, role="leadership"))
    officer = {"challenges.budget": "strongly_disagree", "challenges.quality": "strongly_disagree"}
    officer |= {"activities.training": 3, "activities.tools": 2, "activities.analysis": 1}
    responses.append(add_response(survey, agencies[0], officer, role="data_officer"))
    return survey, responses


def test_the_lone_officer_cannot_be_recovered_from_statewide_minus_leadership(
    leaders_and_one_officer, curator_client
):
    survey, responses = leaders_and_one_officer
    role = curator_client.get(
        reverse("assessments:breakdown_json", args=[survey.key]) + "?by=role"
    ).json()
    assert role["suppression"] == suppression.METHOD
    assert [s["respondents"] for s in role["segments"]] == [21, 1, 0]
    for table in role["tables"]:  # leadership is the complement of the officer everywhere
        assert all(row["cells"] == [None, None, None] for row in table["rows"])
    group = curator_client.get(
        reverse("assessments:breakdown_json", args=[survey.key]) + "?by=group"
    ).json()
    budget = next(r for r in group["tables"][0]["rows"] if r["item"] == "budget")
    # East: 10 leaders (SCALE[0..9]: 4 agree-side) and the officer (disagrees): 4 of 11.
    assert budget["cells"] == [36, 45]  # West: leaders 10..20 agree-side 5 of 11
    statewide = curator_client.get(reverse("assessments:results_json", args=[survey.key])).json()
    assert statewide["respondents"] == 22  # the statewide table is never suppressed
    # 5 rows (2 items, 3 ranked activities), leadership and the officer hidden in each
    assert assert_nothing_recoverable(curator_client, survey, responses) == 10


def test_groups_of_20_1_and_2_agencies(db, curator_client):
    survey = mini_survey()
    agencies = _agencies(23)
    for name, members in (
        ("Large", agencies[:20]),
        ("One", agencies[20:21]),
        ("Two", agencies[21:]),
    ):
        AgencyGroup.objects.create(name=name).agencies.set(members)
    responses = [
        add_response(
            survey,
            agency,
            {
                "challenges.budget": SCALE[n % 5],
                "activities.training": 1 + n % 2,
                "activities.tools": 2 - n % 2,
            },
        )
        for n, agency in enumerate(agencies)
    ]
    data = curator_client.get(
        reverse("assessments:breakdown_json", args=[survey.key]) + "?by=group"
    ).json()
    assert [s["label"] for s in data["segments"]] == ["Large", "One", "Two"]
    budget = next(r for r in data["tables"][0]["rows"] if r["item"] == "budget")
    # One and Two are hidden; together (3 agencies) they protect each other: Large shown.
    assert budget["cells"] == [40, None, None]  # 8 of 20 agree-side
    training = data["tables"][1]["rows"][0]
    assert training["cells"] == [100, None, None]
    assert assert_nothing_recoverable(curator_client, survey, responses) == 2 * 4
