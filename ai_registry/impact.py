"""The impact assessment questionnaire, kept as data, and its scoring into a risk tier.

The questions live in ai_registry/data/impact_assessment.yaml; `questionnaire()` loads and
validates them against SCHEMA (jsonschema) once (apps.ready loads it at startup, so a broken
file stops the server with the reason). `score(answers)` adds up the chosen options' points,
applies the tiers' thresholds and any option's floor, and gives the reasons shown with it.
"""

import functools
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema
import yaml

from ai_registry.states import RiskTier

PATH = Path(__file__).parent / "data" / "impact_assessment.yaml"
TIER_ORDER = [RiskTier.LOW, RiskTier.MODERATE, RiskTier.HIGH]

SCHEMA = {
    "type": "object",
    "required": ["version", "tiers", "questions"],
    "additionalProperties": False,
    "properties": {
        "version": {"type": "integer"},
        "tiers": {
            "type": "object",
            "required": ["moderate", "high"],
            "additionalProperties": False,
            "properties": {
                "moderate": {"type": "integer", "minimum": 1},
                "high": {"type": "integer", "minimum": 1},
            },
        },
        "questions": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["key", "text", "options"],
                "additionalProperties": False,
                "properties": {
                    "key": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
                    "text": {"type": "string", "minLength": 1},
                    "options": {
                        "type": "array",
                        "minItems": 2,
                        "items": {
                            "type": "object",
                            "required": ["key", "label", "points"],
                            "additionalProperties": False,
                            "properties": {
                                "key": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
                                "label": {"type": "string", "minLength": 1},
                                "points": {"type": "integer", "minimum": 0},
                                "reason": {"type": "string"},
                                "tier_at_least": {"enum": ["moderate", "high"]},
                            },
                        },
                    },
                },
            },
        },
    },
}


class QuestionnaireError(ValueError):
    """The questionnaire file is not valid: the message says where."""


def validate(data) -> dict:
    try:
        jsonschema.validate(data, SCHEMA)
    except jsonschema.ValidationError as error:
        where = "/".join(str(p) for p in error.absolute_path) or "(top)"
        raise QuestionnaireError(f"{where}: {error.message}") from None
    if data["tiers"]["high"] <= data["tiers"]["moderate"]:
        raise QuestionnaireError("tiers: high must be above moderate")
    keys = [q["key"] for q in data["questions"]]
    if len(keys) != len(set(keys)):
        raise QuestionnaireError("questions: keys must be unique")
    for question in data["questions"]:
        options = [o["key"] for o in question["options"]]
        if len(options) != len(set(options)):
            raise QuestionnaireError(f"{question['key']}: option keys must be unique")
    return data


def load(path=PATH) -> dict:
    with open(path, encoding="utf-8") as handle:
        return validate(yaml.safe_load(handle))


@functools.cache
def questionnaire() -> dict:
    return load()


@dataclass
class Result:
    score: int
    tier: str
    reasons: list[str] = field(default_factory=list)
    complete: bool = True


def unanswered(answers: dict, data=None) -> list[str]:
    data = data or questionnaire()
    return [q["text"] for q in data["questions"] if not _option(q, answers.get(q["key"]))]


def _option(question, key):
    return next((o for o in question["options"] if o["key"] == key), None)


def score(answers: dict, data=None) -> Result:
    """The score, tier and reasons of these answers (unknown or missing answers count 0)."""
    data = data or questionnaire()
    total, reasons, floor = 0, [], RiskTier.LOW
    for question in data["questions"]:
        option = _option(question, answers.get(question["key"]))
        if option is None:
            continue
        total += option["points"]
        if option.get("reason"):
            reasons.append(option["reason"])
        wanted = option.get("tier_at_least")
        if wanted and TIER_ORDER.index(wanted) > TIER_ORDER.index(floor):
            floor = RiskTier(wanted)
    if total >= data["tiers"]["high"]:
        tier = RiskTier.HIGH
    elif total >= data["tiers"]["moderate"]:
        tier = RiskTier.MODERATE
    else:
        tier = RiskTier.LOW
    if TIER_ORDER.index(floor) > TIER_ORDER.index(tier):
        tier = floor
    return Result(total, str(tier), reasons, complete=not unanswered(answers, data))
