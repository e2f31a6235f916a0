"""A small questionnaire and helpers to give it answers, for hand-computed results."""

from django.utils import timezone

from assessments.aggregation import results_changed
from assessments.loader import load_spec, parse
from assessments.models import Answer, Item, Option, Question, Response

MINI_YAML = """
key: {key}
title: Mini survey
cycle: "{cycle}"
scales:
  agreement:
    options:
      - {{key: strongly_agree, label: Strongly agree, group: Agree}}
      - {{key: agree, label: Agree, group: Agree}}
      - {{key: neutral, label: Neither agree or disagree, group: Neutral}}
      - {{key: disagree, label: Disagree, group: Disagree}}
      - {{key: strongly_disagree, label: Strongly disagree, group: Disagree}}
      - {{key: not_applicable, label: Not applicable, group: null}}
sections:
  - key: respondent
    title: About you
    questions:
      - key: agency
        type: single_choice
        text: "Which agency?"
        choices: [DSS, DOL, DPH, DOT, Other]
      - key: role
        type: single_choice
        text: "Your role?"
        choices: [Agency Data Officer, Agency Leadership]
  - key: challenges
    title: Challenges
    questions:
      - key: challenges
        type: matrix
        scale: agreement
        text: Which challenges does your agency face?
        items:
          - {{key: quality, text: Data quality, hub_tags: [data management]}}
          - {{key: budget, text: Lack of budget, hub_tags: [data governance]}}
      - {{key: effectiveness, type: likert, scale: agreement, text: My agency uses data well.}}
  - key: priorities
    title: Priorities
    questions:
      - key: activities
        type: ranking
        text: Rank the activities.
        items:
          - {{key: training, text: Training}}
          - {{key: tools, text: Tools}}
          - {{key: analysis, text: Analysis}}
      - {{key: success, type: text, text: Describe a success.}}
"""


def mini_survey(key="mini-2024", cycle="2024", required=False):
    """The mini questionnaire; required=True makes its matrix, likert and ranking questions
    required (the default of a new questionnaire), False keeps all optional, as in 2024."""
    text = MINI_YAML.format(key=key, cycle=cycle)
    if not required:
        text = text.replace(
            "title: Mini survey\n", "title: Mini survey\nrequired_by_default: false\n"
        )
    return load_spec(parse(text)).survey


def add_response(
    survey, agency, answers, role="leadership", status="submitted", user=None, ref=None
):
    """answers: {"challenges.budget": "agree", "effectiveness": "agree",
    "activities.training": 1, "success": "text"}. A submitted one changes the results, as
    submit_response or an import would: it renews their cache version."""
    response = Response.objects.create(
        survey=survey,
        respondent=user,
        external_ref="" if user else (ref or f"r{Response.objects.count() + 1}"),
        agency=agency,
        role=role,
        status=status,
        submitted_at=timezone.now() if status == "submitted" else None,
    )
    for column, value in answers.items():
        question_key, _dot, item_key = column.partition(".")
        question = Question.objects.get(survey=survey, key=question_key)
        item = Item.objects.get(question=question, key=item_key) if item_key else None
        if question.kind == "ranking":
            Answer.objects.create(response=response, question=question, item=item, rank=value)
        elif question.kind == "text":
            Answer.objects.create(response=response, question=question, text=value)
        else:
            option = Option.objects.get(scale=question.scale, key=value)
            Answer.objects.create(response=response, question=question, item=item, option=option)
    if status == "submitted":
        results_changed()
    return response


# The hand-computed dataset: 8 submitted responses (7 leadership, 1 data officer) and one
# draft that must not count. Agencies: DSS r1 r2, DOL r3 r4, DPH r5 r6, DOT r7 r8.
BUDGET = [
    "strongly_agree",
    "strongly_agree",
    "agree",
    "neutral",
    "disagree",
    "strongly_disagree",
    "not_applicable",
    "agree",
]
QUALITY = ["agree", "agree", "agree", "neutral", "neutral", "disagree", "not_applicable", None]
EFFECTIVENESS = [
    "strongly_agree",
    "agree",
    "agree",
    "agree",
    "neutral",
    "neutral",
    "disagree",
    "disagree",
]
RANKS = [  # (training, tools, analysis)
    (1, 2, 3),
    (2, 1, 3),
    (3, 1, 2),
    (None, 2, 1),
    (1, 3, 2),
    (1, 3, 2),
    (2, 1, 3),
    (None, None, None),
]
AGENCIES = ["DSS", "DSS", "DOL", "DOL", "DPH", "DPH", "DOT", "DOT"]


def hand_computed_dataset(survey, agencies):
    """agencies: {code: Agency}. Returns the responses, r1..r8 then the draft."""
    responses = []
    for n in range(8):
        answers = {"challenges.budget": BUDGET[n], "effectiveness": EFFECTIVENESS[n]}
        if QUALITY[n]:
            answers["challenges.quality"] = QUALITY[n]
        for key, rank in zip(("training", "tools", "analysis"), RANKS[n], strict=True):
            if rank:
                answers[f"activities.{key}"] = rank
        if n < 2:
            answers["success"] = f"Success story {n + 1}"
        role = "data_officer" if n == 7 else "leadership"
        responses.append(add_response(survey, agencies[AGENCIES[n]], answers, role=role))
    responses.append(
        add_response(
            survey, agencies["DSS"], {"challenges.budget": "strongly_disagree"}, status="draft"
        )
    )
    return responses
