"""The Hiring page's recruiting and retention figures: the 2024 published ones and the
current cycle's, by role with the results' suppression."""

import pytest

from hiring import selectors
from tests import factories
from tests.hiring.conftest import answer_recruiting

pytestmark = pytest.mark.django_db


def _row(cycle, question, item):
    table = next(t for t in cycle.tables if t.key == question)
    return next(r for r in table.rows if r.key == item)


def test_the_2024_published_figures_are_shown(baseline_2024, leader_client):
    (cycle,) = selectors.workforce_figures()
    assert cycle.survey == baseline_2024
    assert _row(cycle, "challenges", "recruit").percent == {
        "Agree": 39, "Neutral": 16, "Disagree": 37,
    }  # fmt: skip
    assert _row(cycle, "challenges", "retain").percent["Disagree"] == 42
    assert _row(cycle, "impacts", "turnover").percent["Likely"] == 74
    assert cycle.role_segments == []  # published figures have no split by role
    page = leader_client.get("/hiring/").content.decode()
    assert "Recruiting qualified staff" in page and "39%" in page and "74%" in page
    assert "/assessments/leadership-2024/results/" in page


def test_the_current_cycle_is_counted_and_a_lone_data_officer_is_suppressed(
    current_cycle, five_agencies, leader_client
):
    answer_recruiting(current_cycle, five_agencies[:4], "leadership", recruit="strongly_agree")
    answer_recruiting(current_cycle, five_agencies[4:], "data_officer", recruit="disagree")
    baseline, current = selectors.workforce_figures()
    assert baseline.survey.key == "leadership-2024" and current.survey == current_cycle
    recruit = _row(current, "challenges", "recruit")
    assert recruit.answered == 5
    assert recruit.percent == {"Agree": 80, "Neutral": 0, "Disagree": 20}  # 4 of 5 agree
    # Leadership's 100% beside the statewide 80% would give the officer's answer away.
    assert recruit.by_role == [None, None, None]
    page = leader_client.get("/hiring/").content.decode()
    assert "80%" in page and "suppressed" in page
    assert "/assessments/leadership-2026/results/breakdown/" in page


def test_roles_large_enough_are_shown(current_cycle, five_agencies):
    more = [factories.AgencyFactory(code=c) for c in ("DOH", "DEEP", "DMHAS")]
    answer_recruiting(current_cycle, five_agencies[:3], "leadership", recruit="agree")
    answer_recruiting(current_cycle, more, "data_officer", recruit="neutral")
    _baseline, current = selectors.workforce_figures()
    recruit = _row(current, "challenges", "recruit")
    assert recruit.percent["Agree"] == 50
    assert recruit.by_role == [100, 0, None]  # "Other" has nobody: suppressed


def test_no_assessment_yet_says_so(leader_client):
    assert selectors.workforce_figures() == []
    assert b"No needs assessment with these questions yet." in leader_client.get("/hiring/").content


def test_the_figures_are_kept_under_the_results_version(
    current_cycle, five_agencies, django_assert_num_queries
):
    answer_recruiting(current_cycle, five_agencies[:3], "leadership", recruit="agree")
    selectors.workforce_figures()
    with django_assert_num_queries(0):
        selectors.workforce_figures()
    answer_recruiting(current_cycle, five_agencies[3:4], "leadership", recruit="disagree")
    _baseline, current = selectors.workforce_figures()  # a submission renews the version
    assert _row(current, "challenges", "recruit").answered == 4
