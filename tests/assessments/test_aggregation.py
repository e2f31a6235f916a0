"""The report's numbers on a hand-computed dataset (see factories.hand_computed_dataset)."""

import pytest

from assessments.aggregation import percent, results_for_survey
from tests.assessments.factories import add_response


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (1, 8, 13),
        (5, 8, 63),
        (3, 8, 38),
        (1, 3, 33),
        (2, 3, 67),
        (0, 5, 0),
        (5, 5, 100),
        (1, 0, 0),
        (1, 200, 1),
        (1, 201, 0),
    ],
)
def test_percent_rounds_half_up_in_whole_numbers(part, whole, expected):
    assert percent(part, whole) == expected


def test_matrix_rows_count_not_applicable_in_the_denominator(dataset, survey):
    challenges = results_for_survey(survey).question("challenges")
    budget = next(i for i in challenges.items if i.key == "budget")
    # 8 answered: 2 strongly agree + 2 agree, 1 neutral, 1 disagree + 1 strongly disagree, 1 N/A
    assert budget.answered == 8
    assert budget.percent == {"Agree": 50, "Neutral": 13, "Disagree": 25}  # 12.5 -> 13
    assert budget.counts == {
        "strongly_agree": 2,
        "agree": 2,
        "neutral": 1,
        "disagree": 1,
        "strongly_disagree": 1,
        "not_applicable": 1,
    }
    quality = next(i for i in challenges.items if i.key == "quality")
    assert quality.answered == 7  # one respondent skipped it; the draft never counts
    assert quality.percent == {"Agree": 43, "Neutral": 29, "Disagree": 14}


def test_matrix_is_sorted_by_the_positive_column_like_the_report(dataset, survey):
    challenges = results_for_survey(survey).question("challenges")
    assert challenges.groups == ["Agree", "Neutral", "Disagree"]
    assert [i.key for i in challenges.items] == ["budget", "quality"]  # file order is reversed
    assert [i.key for i in challenges.top] == ["budget", "quality"]


def test_likert_statement_is_counts_per_answer(dataset, survey):
    effectiveness = results_for_survey(survey).question("effectiveness")
    assert effectiveness.answered == 8
    assert effectiveness.counts == {
        "strongly_agree": 1,
        "agree": 3,
        "neutral": 2,
        "disagree": 2,
        "strongly_disagree": 0,
        "not_applicable": 0,
    }


def test_ranking_reports_first_or_second_share_and_mean_rank(dataset, survey):
    activities = results_for_survey(survey).question("activities")
    rows = {i.key: i for i in activities.items}
    # 7 respondents ranked; training is 1st/2nd for 5, tools for 5, analysis for 4
    assert rows["training"].first_or_second_percent == 71
    assert rows["tools"].first_or_second_percent == 71
    assert rows["analysis"].first_or_second_percent == 57
    assert rows["training"].mean_rank == 1.67  # 10 / 6
    assert rows["tools"].mean_rank == 1.86  # 13 / 7
    assert rows["analysis"].mean_rank == 2.29  # 16 / 7
    assert (rows["training"].answered, rows["tools"].answered) == (6, 7)
    assert [i.key for i in activities.items] == ["training", "tools", "analysis"]


def test_results_json_has_the_documented_shape(dataset, survey):
    data = results_for_survey(survey).as_json()
    assert data["survey"] == "mini-2024"
    assert data["respondents"] == 8
    assert [q["key"] for q in data["questions"]] == ["challenges", "effectiveness", "activities"]
    matrix, likert, ranking = data["questions"]
    assert matrix["type"] == "matrix"
    assert matrix["groups"] == ["Agree", "Neutral", "Disagree"]
    assert matrix["items"][0] == {
        "key": "budget",
        "text": "Lack of budget",
        "answered": 8,
        "percent": {"Agree": 50, "Neutral": 13, "Disagree": 25},
        "counts": {
            "strongly_agree": 2,
            "agree": 2,
            "neutral": 1,
            "disagree": 1,
            "strongly_disagree": 1,
            "not_applicable": 1,
        },
    }
    assert likert == {
        "key": "effectiveness",
        "type": "likert",
        "answered": 8,
        "counts": {
            "strongly_agree": 1,
            "agree": 3,
            "neutral": 2,
            "disagree": 2,
            "strongly_disagree": 0,
            "not_applicable": 0,
        },
    }
    assert ranking["type"] == "ranking"
    assert ranking["items"][0] == {
        "key": "training",
        "text": "Training",
        "answered": 6,
        "first_or_second_percent": 71,
        "mean_rank": 1.67,
    }


def test_query_count_does_not_grow_with_responses(survey, agencies, django_assert_num_queries):
    add_response(survey, agencies["DSS"], {"challenges.budget": "agree"})
    with django_assert_num_queries(5) as small:
        results_for_survey(survey)
    for _ in range(20):
        add_response(
            survey, agencies["DOL"], {"challenges.budget": "neutral", "activities.tools": 1}
        )
    with django_assert_num_queries(len(small.captured_queries)):
        results = results_for_survey(survey)
    assert results.respondents == 21
