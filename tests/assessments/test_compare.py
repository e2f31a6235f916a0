"""Comparing two cycles item by item where question and item keys match."""

from assessments.aggregation import compare, results_for_survey
from assessments.models import Item, Question
from assessments.services import copy_survey
from tests.assessments.factories import add_response


def test_change_in_percentage_points_for_matching_items(dataset, survey, agencies, curator_client):
    earlier = copy_survey(survey, key="mini-2022", cycle="2022")
    assert (
        Question.objects.filter(survey=earlier).count()
        == Question.objects.filter(survey=survey).count()
    )
    Item.objects.filter(question__survey=earlier, key="quality").update(key="data_quality")
    for code, answer in [
        ("DSS", "strongly_agree"),
        ("DOL", "neutral"),
        ("DPH", "disagree"),
        ("DOT", "disagree"),
    ]:
        add_response(
            earlier,
            agencies[code],
            {
                "challenges.budget": answer,
                "challenges.data_quality": "agree",
                "activities.tools": 1,
                "activities.training": 2,
            },
            ref=f"old-{code}",
        )
    rows = compare(results_for_survey(survey), results_for_survey(earlier))
    by_key = {(r.question, r.item): r for r in rows}
    budget = by_key[("challenges", "budget")]
    assert (budget.earlier, budget.later, budget.change) == (25, 50, 25)
    assert ("challenges", "quality") not in by_key  # the key changed, so no comparison
    training = by_key[("activities", "training")]
    assert (training.earlier, training.later, training.change) == (100, 71, -29)
    assert ("activities", "analysis") not in by_key  # nobody ranked it in the earlier cycle
    page = curator_client.get(f"/assessments/{survey.key}/results/compare/?with=mini-2022")
    assert b"+25" in page.content and b"-29" in page.content
    default = curator_client.get(f"/assessments/{survey.key}/results/compare/")
    assert default.context["other"] == earlier  # the latest earlier cycle
