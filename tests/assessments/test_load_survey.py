"""load_survey: the 2024 file loads, reloads without change, and bad files write nothing."""

import pytest
from django.core.management import CommandError, call_command

from assessments.loader import SurveyFileError, load_spec, parse
from assessments.models import Answer, Item, Option, Question, Section, Survey
from tests.assessments.factories import MINI_YAML, add_response

FILE = "assessments/data/survey_2024.yaml"


def test_the_2024_questionnaire_loads_with_its_structure(db, capsys):
    call_command("load_survey", FILE)
    survey = Survey.objects.get(key="leadership-2024")
    assert survey.cycle == "2024"
    assert list(survey.sections.values_list("key", flat=True)) == [
        "respondent",
        "successes",
        "challenges",
        "impacts",
        "training",
        "priorities",
    ]
    kinds = dict(Question.objects.filter(survey=survey).values_list("key", "kind"))
    assert kinds["challenges"] == "matrix" and kinds["effectiveness"] == "likert"
    assert kinds["activities"] == "ranking" and kinds["success_access"] == "text"
    assert Item.objects.filter(question__key="training", question__survey=survey).count() == 15
    na = Option.objects.get(scale__survey=survey, scale__key="agreement", key="not_applicable")
    assert na.group == ""
    agree = Option.objects.get(scale__survey=survey, scale__key="agreement", key="strongly_agree")
    assert agree.group == "Agree"
    tools = Item.objects.get(question__key="training", key="tools")
    assert tools.tag_list == ["r", "python", "sql"]
    assert Question.objects.get(survey=survey, key="agency").profile_field == "agency"
    assert "99 change(s)" in capsys.readouterr().out


def test_loading_the_same_file_again_changes_nothing(db, capsys):
    call_command("load_survey", FILE)
    before = (
        Survey.history.count(),
        Question.history.count(),
        Option.history.count(),
        list(Item.objects.order_by("pk").values_list("pk", "text")),
    )
    capsys.readouterr()
    call_command("load_survey", FILE)
    assert "unchanged" in capsys.readouterr().out
    after = (
        Survey.history.count(),
        Question.history.count(),
        Option.history.count(),
        list(Item.objects.order_by("pk").values_list("pk", "text")),
    )
    assert after == before


@pytest.mark.parametrize(
    ("mutation", "message"),
    [
        (("type: ranking", "type: rnking"), "unknown type 'rnking'"),
        (
            ("scale: agreement\n        text: Which", "scale: nope\n        text: Which"),
            "scale 'nope' is not defined",
        ),
        (
            ("- {key: tools, text: Tools}", "- {key: training, text: Tools}"),
            "duplicate key 'training'",
        ),
        (("title: Mini survey", "title: ''"), "'title' is required"),
        (("sections:", "sections: [\n"), "not valid YAML"),
    ],
)
def test_a_malformed_file_is_refused_and_nothing_is_written(db, tmp_path, mutation, message):
    text = MINI_YAML.format(key="mini-2024", cycle="2024").replace(*mutation)
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(CommandError) as error:
        call_command("load_survey", str(path))
    assert message in str(error.value)
    assert "nothing written" in str(error.value)
    assert Survey.objects.count() == 0 and Section.objects.count() == 0


def test_a_change_that_would_orphan_answers_is_refused(survey, agencies):
    add_response(survey, agencies["DSS"], {"challenges.budget": "agree", "activities.tools": 1})
    text = MINI_YAML.format(key="mini-2024", cycle="2024")
    without_budget = text.replace(
        "          - {key: budget, text: Lack of budget, hub_tags: [data governance]}\n", ""
    )
    with pytest.raises(SurveyFileError) as error:
        load_spec(parse(without_budget))
    assert "item budget: removing it would orphan 1 answer(s)" in str(error.value)
    assert Item.objects.filter(key="budget").exists()
    assert Answer.objects.count() == 2


def test_a_change_without_orphans_applies_when_responses_exist(survey, agencies):
    add_response(survey, agencies["DSS"], {"challenges.budget": "agree"})
    text = (
        MINI_YAML.format(key="mini-2024", cycle="2024")
        .replace("text: Lack of budget", "text: Not enough budget")
        .replace("          - {key: analysis, text: Analysis}\n", "")
    )
    result = load_spec(parse(text))
    assert "updated item challenges.budget (text)" in result.changes
    assert "deleted item analysis" in result.changes
    assert Item.objects.get(key="budget").text == "Not enough budget"


def test_changing_the_scale_of_an_answered_question_is_refused(survey, agencies):
    add_response(survey, agencies["DSS"], {"effectiveness": "agree"})
    text = MINI_YAML.format(key="mini-2024", cycle="2024").replace(
        "{key: effectiveness, type: likert, scale: agreement", "{key: effectiveness, type: text"
    )
    with pytest.raises(SurveyFileError, match="effectiveness: has answers"):
        load_spec(parse(text))
    assert Question.objects.get(key="effectiveness").kind == "likert"
