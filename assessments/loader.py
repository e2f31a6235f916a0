"""Loading a questionnaire from YAML (the format of data/survey_2024.yaml).

The whole file is checked before anything is written, and the load runs in one
transaction: a malformed file or a change that would orphan answers writes nothing.
Loading the same file twice changes nothing.
"""

import datetime
import os
import re
from collections.abc import Hashable
from dataclasses import dataclass, field

import yaml
from django.db import transaction

from assessments.aggregation import results_changed
from assessments.models import Answer, Item, Option, Question, Scale, Section, Survey
from assessments.text_rules import shown, text_problem

KINDS = {choice.value for choice in Question.Kind}
KEY_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
# Survey and section keys are URL parts (<slug:...>); question keys name import columns
# (`question.item`), so none of them may hold a dot.
SLUG_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
PROFILE_KEYS = {"agency", "role"}
# Without `required:`, these kinds are required unless the file says
# `required_by_default: false` (the 2024 questionnaire, whose answers were all optional).
REQUIRED_BY_DEFAULT = {"matrix", "likert", "ranking"}
MAX_FILE_BYTES = 1024 * 1024
KEY_LENGTH = 80
LENGTHS = {
    "title": Survey._meta.get_field("title").max_length,
    "cycle": Survey._meta.get_field("cycle").max_length,
    "label": Option._meta.get_field("label").max_length,
    "group": Option._meta.get_field("group").max_length,
    "item": Item._meta.get_field("text").max_length,
    "short": Item._meta.get_field("short_label").max_length,
    "hub_tags": Item._meta.get_field("hub_tags").max_length,
    "question": 5000,
}


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader without anchors and aliases, so a small file cannot expand into a huge one."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed", event.start_mark
            )
        return super().compose_node(parent, index)


class SurveyFileError(Exception):
    """Every problem found in the file (or the change it asks for); nothing was written."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class LoadResult:
    survey: Survey | None = None
    changes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def choice_key(label: str) -> str:
    """The option key of a single-choice answer written as plain text in the file."""
    return re.sub(r"[^a-z0-9]+", "_", str(label).lower()).strip("_")


def read_file(path) -> dict:
    try:
        if os.path.getsize(path) > MAX_FILE_BYTES:
            raise SurveyFileError([f"{path} is larger than {MAX_FILE_BYTES // 1024} KB"])
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        raise SurveyFileError([f"cannot read {path}: {exc.strerror}"]) from exc
    try:
        return parse(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise SurveyFileError([f"{path} is not UTF-8 text (byte {exc.start + 1})"]) from exc


def check_key(key, where, errors, pattern=KEY_RE) -> str:
    """A key as text; bad ones are reported (letters, digits, _ - and . where allowed)."""
    key = "" if key is None else str(key).strip()
    allowed = "letters, digits, _ -" + (" ." if pattern is KEY_RE else "")
    if not key:
        errors.append(f"{where}: a key is required")
    elif len(key) > KEY_LENGTH or not pattern.fullmatch(key):
        errors.append(
            f"{where}: key '{shown(key)}' must be at most {KEY_LENGTH} {allowed} "
            "(starting with a letter or digit)"
        )
    return key


def check_text(value, where, name, length_of, errors, required=True) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        errors.append(f"{where}: '{name}' is required")
    problem = text_problem(text, LENGTHS[length_of])
    if problem:
        errors.append(f"{where}: '{name}' {problem}")
    return text


def parse(text: str) -> dict:
    """Validate the YAML text and return a normalised spec (or raise SurveyFileError)."""
    if len(text) > MAX_FILE_BYTES:
        raise SurveyFileError([f"the file is larger than {MAX_FILE_BYTES // 1024} KB"])
    try:
        data = yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506  # nosec B506 - a SafeLoader
    except yaml.YAMLError as exc:
        raise SurveyFileError([f"not valid YAML: {exc}"]) from exc
    except RecursionError as exc:
        raise SurveyFileError(["not valid YAML: nested too deeply"]) from exc
    errors: list[str] = []
    if not isinstance(data, dict):
        raise SurveyFileError(["the file must be a mapping with key, title, cycle, sections"])

    def need_str(obj, name, where, length_of=None):
        value = obj.get(name) if isinstance(obj, dict) else None
        return check_text(value, where, name, length_of or name, errors)

    def need_key(obj, where, pattern=KEY_RE):
        return check_key(obj.get("key") if isinstance(obj, dict) else None, where, errors, pattern)

    spec = {
        "key": need_key(data, "survey", SLUG_RE),
        "title": need_str(data, "title", "survey"),
        "cycle": need_str(data, "cycle", "survey"),
        "opens": data.get("opens"),
        "closes": data.get("closes"),
        "scales": {},
        "sections": [],
        "required_by_default": data.get("required_by_default", True),
    }
    if not isinstance(spec["required_by_default"], bool):
        errors.append("survey: 'required_by_default' must be true or false")
    scales = data.get("scales") or {}
    if not isinstance(scales, dict):
        errors.append("scales: must be a mapping of scale key to options")
        scales = {}
    for scale_key, scale in scales.items():
        scale_key = check_key(scale_key, f"scales.{shown(scale_key)}", errors)
        where = f"scales.{shown(scale_key)}"
        options = scale.get("options") if isinstance(scale, dict) else None
        if not isinstance(options, list) or not options:
            errors.append(f"{where}: 'options' must be a non-empty list")
            continue
        parsed = []
        for i, option in enumerate(options):
            owhere = f"{where}.options[{i}]"
            if not isinstance(option, dict):
                errors.append(f"{owhere}: must be a mapping with key, label, group")
                continue
            group = option.get("group")
            parsed.append(
                {
                    "key": need_key(option, owhere),
                    "label": need_str(option, "label", owhere),
                    "group": check_text(group, owhere, "group", "group", errors, required=False),
                }
            )
        _no_duplicates([o["key"] for o in parsed], where, errors)
        spec["scales"][str(scale_key)] = parsed

    sections = data.get("sections")
    if not isinstance(sections, list) or not sections:
        errors.append("sections: must be a non-empty list")
        sections = []
    question_keys = []
    for s, section in enumerate(sections):
        where = f"sections[{s}]"
        if not isinstance(section, dict):
            errors.append(f"{where}: must be a mapping")
            continue
        parsed_section = {
            "key": need_key(section, where, SLUG_RE),
            "title": need_str(section, "title", where),
            "questions": [],
        }
        questions = section.get("questions")
        if not isinstance(questions, list) or not questions:
            errors.append(f"{where}: 'questions' must be a non-empty list")
            questions = []
        for q, question in enumerate(questions):
            parsed_question = _parse_question(question, f"{where}.questions[{q}]", spec, errors)
            if parsed_question:
                parsed_section["questions"].append(parsed_question)
                question_keys.append(parsed_question["key"])
        spec["sections"].append(parsed_section)
    _no_duplicates([s["key"] for s in spec["sections"]], "sections", errors)
    _no_duplicates(question_keys, "questions", errors)
    for name in ("opens", "closes"):
        value = spec[name]
        if isinstance(value, datetime.datetime):
            spec[name] = value = value.date()
        if value is not None and not isinstance(value, datetime.date):
            spec[name] = None
            errors.append(f"survey: '{name}' must be a date (YYYY-MM-DD)")
    if spec["opens"] and spec["closes"] and spec["closes"] < spec["opens"]:
        errors.append("survey: 'closes' must not be before 'opens'")
    if errors:
        raise SurveyFileError(errors)
    return spec


def _parse_question(question, where, spec, errors):
    if not isinstance(question, dict):
        errors.append(f"{where}: must be a mapping")
        return None
    kind = question.get("type")
    parsed = {
        "key": check_key(question.get("key"), where, errors, SLUG_RE),
        "kind": kind,
        "text": "",
        "scale": None,
        "choices": None,
        "items": [],
        "profile_field": "",
        "required": False,
    }
    where = f"{where} ({shown(parsed['key'])})" if parsed["key"] else where
    required = question.get("required")
    if required is not None and not isinstance(required, bool):
        errors.append(f"{where}: 'required' must be true or false")
        required = None
    if required is None:
        required = spec["required_by_default"] is not False and kind in REQUIRED_BY_DEFAULT
    parsed["required"] = required
    parsed["text"] = check_text(question.get("text"), where, "text", "question", errors)
    if not isinstance(kind, str) or kind not in KINDS:
        errors.append(f"{where}: unknown type '{shown(kind)}' (one of {', '.join(sorted(KINDS))})")
        return parsed
    if kind in ("likert", "matrix"):
        scale = question.get("scale")
        scale = str(scale) if isinstance(scale, Hashable) and scale is not None else ""
        if scale not in spec["scales"]:
            errors.append(f"{where}: scale '{shown(scale)}' is not defined under scales")
        parsed["scale"] = scale
    if kind == "single_choice":
        choices = question.get("choices")
        if not isinstance(choices, list) or not choices:
            errors.append(f"{where}: 'choices' must be a non-empty list")
            choices = []
        parsed["choices"] = []
        for c, choice in enumerate(choices):
            cwhere = f"{where}.choices[{c}]"
            label = check_text(choice, cwhere, "choice", "label", errors)
            key = choice_key(label)
            if label and not key:
                errors.append(f"{cwhere}: '{shown(label)}' needs a letter or digit")
            elif len(key) > KEY_LENGTH:
                errors.append(f"{cwhere}: at most {KEY_LENGTH} letters and digits")
            group = label[: LENGTHS["group"]]
            parsed["choices"].append({"key": key, "label": label, "group": group})
        _no_duplicates([c["key"] for c in parsed["choices"]], f"{where}.choices", errors)
        profile = question.get("from_profile") or (
            parsed["key"] if parsed["key"] in PROFILE_KEYS else ""
        )
        if not isinstance(profile, str) or (profile and profile not in PROFILE_KEYS):
            errors.append(f"{where}: from_profile must be agency or role")
            profile = ""
        parsed["profile_field"] = profile
        if profile:
            parsed["required"] = False  # answered from the profile, never asked
    if kind in ("matrix", "ranking"):
        items = question.get("items")
        if not isinstance(items, list) or not items:
            errors.append(f"{where}: 'items' must be a non-empty list")
            items = []
        for i, item in enumerate(items):
            iwhere = f"{where}.items[{i}]"
            if not isinstance(item, dict) or not item.get("key") or not item.get("text"):
                errors.append(f"{iwhere}: key and text are required")
                continue
            tags = item.get("hub_tags") or []
            if not isinstance(tags, list):
                tags = [tags]
            hub_tags = ",".join(str(t).strip().lower() for t in tags)
            parsed["items"].append(
                {
                    "key": check_key(item["key"], iwhere, errors),
                    "text": check_text(item["text"], iwhere, "text", "item", errors),
                    "short": check_text(
                        item.get("short"), iwhere, "short", "short", errors, required=False
                    ),
                    "hub_tags": check_text(
                        hub_tags, iwhere, "hub_tags", "hub_tags", errors, required=False
                    ),
                }
            )
        _no_duplicates([i["key"] for i in parsed["items"]], f"{where}.items", errors)
    return parsed


def _no_duplicates(keys, where, errors):
    seen = set()
    for key in keys:
        if key in seen:
            errors.append(f"{where}: duplicate key '{key}'")
        seen.add(key)


def _upsert(model, lookup: dict, values: dict, result: LoadResult, label: str):
    """Create or update one row, saving only when something differs."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        result.changes.append(f"created {label}")
        return obj
    differs = [name for name, value in values.items() if getattr(obj, name) != value]
    if differs:
        for name in differs:
            setattr(obj, name, values[name])
        obj.save(update_fields=differs)
        result.changes.append(f"updated {label} ({', '.join(differs)})")
    return obj


@transaction.atomic
def load_spec(spec: dict) -> LoadResult:
    """Write the survey described by a parsed spec; refuse changes that orphan answers."""
    result = LoadResult()
    survey = _upsert(
        Survey,
        {"key": spec["key"]},
        {
            "title": spec["title"],
            "cycle": spec["cycle"],
            "opens": spec["opens"],
            "closes": spec["closes"],
        },
        result,
        f"survey {spec['key']}",
    )
    result.survey = survey
    has_answers = Answer.objects.filter(question__survey=survey).exists()
    errors: list[str] = []

    scale_options = dict(spec["scales"])
    for section in spec["sections"]:
        for question in section["questions"]:
            if question["choices"] is not None:
                scale_options[f"choices:{question['key']}"] = question["choices"]
    scales = {}
    kept_options = []
    for scale_key, options in scale_options.items():
        scale = _upsert(
            Scale, {"survey": survey, "key": scale_key}, {}, result, f"scale {scale_key}"
        )
        scales[scale_key] = scale
        for position, option in enumerate(options):
            obj = _upsert(
                Option,
                {"scale": scale, "key": option["key"]},
                {"label": option["label"], "group": option["group"], "position": position},
                result,
                f"option {scale_key}.{option['key']}",
            )
            kept_options.append(obj.pk)

    kept_sections, kept_questions, kept_items = [], [], []
    for s_position, section in enumerate(spec["sections"]):
        section_obj = _upsert(
            Section,
            {"survey": survey, "key": section["key"]},
            {"title": section["title"], "position": s_position},
            result,
            f"section {section['key']}",
        )
        kept_sections.append(section_obj.pk)
        for q_position, question in enumerate(section["questions"]):
            scale_key = question["scale"] or (
                f"choices:{question['key']}" if question["choices"] is not None else None
            )
            scale = scales.get(scale_key) if scale_key else None
            existing = Question.objects.filter(survey=survey, key=question["key"]).first()
            if (
                existing
                and has_answers
                and (existing.kind != question["kind"] or existing.scale_id != (scale and scale.pk))
                and existing.answers.exists()
            ):
                errors.append(
                    f"question {question['key']}: has answers, so its type or scale cannot change"
                )
                continue
            question_obj = _upsert(
                Question,
                {"survey": survey, "key": question["key"]},
                {
                    "section": section_obj,
                    "kind": question["kind"],
                    "text": question["text"],
                    "scale": scale,
                    "position": q_position,
                    "profile_field": question["profile_field"],
                    "required": question["required"],
                },
                result,
                f"question {question['key']}",
            )
            kept_questions.append(question_obj.pk)
            for i_position, item in enumerate(question["items"]):
                item_obj = _upsert(
                    Item,
                    {"question": question_obj, "key": item["key"]},
                    {
                        "text": item["text"],
                        "short_label": item["short"],
                        "position": i_position,
                        "hub_tags": item["hub_tags"],
                    },
                    result,
                    f"item {question['key']}.{item['key']}",
                )
                kept_items.append(item_obj.pk)

    stale = [
        ("item", Item.objects.filter(question__survey=survey).exclude(pk__in=kept_items), "item"),
        (
            "question",
            Question.objects.filter(survey=survey).exclude(pk__in=kept_questions),
            "question",
        ),
        (
            "option",
            Option.objects.filter(scale__survey=survey).exclude(pk__in=kept_options),
            "option",
        ),
    ]
    for label, queryset, field_name in stale:
        for obj in queryset:
            count = Answer.objects.filter(**{field_name: obj}).count()
            if count:
                errors.append(
                    f"{label} {obj.key}: removing it would orphan {count} answer(s); "
                    "copy the survey to a new cycle instead"
                )
    if errors:
        raise SurveyFileError(errors)
    for label, queryset, _field in stale:
        for obj in queryset:
            result.changes.append(f"deleted {label} {obj.key}")
        queryset.delete()
    for label, queryset in (
        ("section", Section.objects.filter(survey=survey).exclude(pk__in=kept_sections)),
        ("scale", Scale.objects.filter(survey=survey).exclude(key__in=scale_options)),
    ):
        for obj in queryset:
            result.changes.append(f"deleted {label} {obj.key}")
        queryset.delete()
    if result.changed:
        results_changed()
    return result
