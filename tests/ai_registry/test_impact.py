"""The impact assessment is data: loaded, validated (jsonschema) and scored into a tier."""

import copy

import pytest

from ai_registry import impact
from tests.ai_registry.factories import HIGH_ANSWERS, LOW_ANSWERS


def test_the_shipped_questionnaire_is_valid():
    data = impact.load()
    assert len(data["questions"]) >= 5
    assert data["tiers"]["high"] > data["tiers"]["moderate"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["questions"][0].pop("options"), "'options' is a required property"),
        (lambda d: d["questions"][0]["options"][0].update(points=-1), "minimum"),
        (lambda d: d["questions"][0].update(colour="red"), "Additional properties"),
        (lambda d: d["tiers"].update(high=1), "high must be above moderate"),
        (lambda d: d["questions"].append(copy.deepcopy(d["questions"][0])), "unique"),
    ],
)
def test_a_broken_questionnaire_is_refused_with_where(change, message):
    data = copy.deepcopy(impact.load())
    change(data)
    with pytest.raises(impact.QuestionnaireError, match=message):
        impact.validate(data)


def test_a_file_that_is_not_valid_yaml_data_is_refused(tmp_path):
    path = tmp_path / "q.yaml"
    path.write_text("version: 1\ntiers: {moderate: 4, high: 9}\nquestions: []\n")
    with pytest.raises(impact.QuestionnaireError, match="questions"):
        impact.load(path)


def test_low_answers_give_low_risk_without_reasons():
    result = impact.score(LOW_ANSWERS)
    assert (result.score, result.tier, result.reasons, result.complete) == (0, "low", [], True)


def test_points_add_up_to_moderate_with_their_reasons():
    answers = {**LOW_ANSWERS, "decision_role": "assists", "personal_data": "personal"}
    result = impact.score(answers)
    assert result.score == 4 and result.tier == "moderate"
    assert result.reasons == [
        "The AI informs decisions about individual people.",
        "It uses personal data.",
    ]


def test_a_high_score_gives_high_risk():
    answers = {
        **LOW_ANSWERS,
        "reversibility": "hard",
        "personal_data": "sensitive",
        "vulnerable_groups": "yes",
    }
    assert impact.score(answers).tier == "high"


def test_an_option_with_a_floor_makes_the_risk_high_whatever_the_score():
    result = impact.score(HIGH_ANSWERS)
    assert result.score == 6 and result.tier == "high"


def test_missing_answers_are_incomplete():
    answers = dict(LOW_ANSWERS)
    answers.pop("explainability")
    assert not impact.score(answers).complete
    assert impact.unanswered(answers) == [
        "Can the system's outputs be explained to the people affected?"
    ]
