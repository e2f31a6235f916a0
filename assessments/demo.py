"""Plausible answers for demo and scale data, deterministic for a given random seed."""

import random

from assessments.models import Question

# Per training/impact/challenge item, a leaning towards the positive answers (0..1),
# so the demo results have an order to show; items not listed lean 0.5.
LEANING = {
    "budget": 0.8,
    "skillset": 0.75,
    "recruit": 0.7,
    "retain": 0.65,
    "quality": 0.6,
    "ai": 0.85,
    "turnover": 0.8,
    "security": 0.75,
    "privacy": 0.7,
    "visualization": 0.9,
    "storytelling": 0.85,
    "management": 0.8,
    "governance": 0.75,
    "exec_support": 0.2,
    "ethics": 0.35,
    "gis": 0.4,
}


def survey_structure(survey):
    """Questions with their items and options, loaded once."""
    return list(
        Question.objects.filter(survey=survey, profile_field="")
        .select_related("scale")
        .prefetch_related("items", "scale__options")
        .order_by("section__position", "position")
    )


def _pick(options, leaning, rng):
    """Pick an option: positive ones (first two) with weight `leaning`, N/A rarely."""
    if len(options) < 5:
        return rng.choice(options)
    roll = rng.random()
    if roll < 0.04:
        return options[-1]  # not applicable
    if roll < 0.04 + leaning * 0.85:
        return options[rng.choice((0, 1, 1))]
    return options[rng.choice((2, 2, 3, 4))]


def fake_answers(structure, rng: random.Random, text_share=0.3):
    """(question_id, item_id, option_id, rank, text) tuples for one respondent."""
    answers = []
    for question in structure:
        options = list(question.scale.options.all()) if question.scale_id else []
        if question.kind == Question.Kind.MATRIX:
            for item in question.items.all():
                option = _pick(options, LEANING.get(item.key, 0.5), rng)
                answers.append((question.pk, item.pk, option.pk, None, ""))
        elif question.kind in (Question.Kind.LIKERT, Question.Kind.SINGLE_CHOICE):
            answers.append((question.pk, None, _pick(options, 0.6, rng).pk, None, ""))
        elif question.kind == Question.Kind.RANKING:
            items = list(question.items.all())
            order = sorted(items, key=lambda i: rng.random() * (1.5 if i.position == 0 else 1))
            for rank, item in enumerate(order, start=1):
                answers.append((question.pk, item.pk, None, rank, ""))
        elif rng.random() < text_share:
            answers.append((question.pk, None, None, None, rng.choice(DEMO_TEXTS)))
    return answers


DEMO_TEXTS = [
    "Two analysts completed the state's data visualization course this year.",
    "We published a public dashboard of program outcomes, updated monthly.",
    "A data sharing agreement with a sister agency cut our reporting time in half.",
    "Leadership now reviews a monthly performance scorecard.",
    "We moved our case data to a managed database with role-based access.",
]
