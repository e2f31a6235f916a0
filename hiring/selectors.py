"""Reads for the Hiring page: the curated content of one role, the hub resources under the
hiring topic, and the needs assessment's figures on recruiting and retaining staff."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Prefetch
from django.urls import reverse

from assessments import aggregation
from assessments import selectors as assessment_selectors
from assessments.models import Question, Survey
from config import cache_versions
from hiring.models import (
    CompetingGuidance,
    InterviewKit,
    InterviewQuestion,
    JobClassification,
    JobPosting,
    PartnerSchool,
    Program,
)
from hiring.topics import HIRING_TOPIC
from hub.selectors import published_by_tag

RESOURCES_SHOWN = 8

# The questionnaire's items on recruiting and retaining data staff (survey_2024.yaml).
WORKFORCE_ITEMS = [("challenges", "recruit"), ("challenges", "retain"), ("impacts", "turnover")]


@dataclass
class RoleGuide:
    classifications: list
    postings: list
    kits: list
    programs: list
    guidance: list


def role_guide(role: str) -> RoleGuide:
    """Everything the page shows for one role, in a fixed number of queries."""
    return RoleGuide(
        classifications=list(JobClassification.objects.filter(role=role)),
        postings=list(JobPosting.objects.filter(role=role).select_related("classification")),
        kits=list(
            InterviewKit.objects.filter(role=role).prefetch_related(
                Prefetch("questions", queryset=InterviewQuestion.objects.order_by("position"))
            )
        ),
        programs=list(
            Program.objects.prefetch_related(
                Prefetch("schools", queryset=PartnerSchool.objects.order_by("position", "name"))
            )
        ),
        guidance=list(CompetingGuidance.objects.all()),
    )


def hiring_resources() -> dict:
    """The published hub resources under the hiring topic (first few by title), with the
    link to all of them."""
    found = published_by_tag([HIRING_TOPIC], RESOURCES_SHOWN).get(HIRING_TOPIC)
    if not found:
        return {"resources": [], "more": False, "href": ""}
    for resource in found["resources"]:
        resource["href"] = reverse("hub:resource_detail", args=[resource["slug"]])
    href = reverse("hub:resource_index") + "?" + urlencode({"tag": found["slug"]})
    return {"resources": found["resources"], "more": found["more"], "href": href}


@dataclass
class FigureRow:
    key: str
    label: str
    text: str
    answered: int
    percent: dict  # report group -> whole percent (None where the report has none)
    by_role: list = field(default_factory=list)  # positive share per role, None = suppressed


@dataclass
class FigureTable:
    """One question's rows on recruiting and retention, in its scale's report groups."""

    key: str
    text: str
    groups: list[str]
    rows: list[FigureRow]

    @property
    def positive_group(self) -> str:
        return self.groups[0] if self.groups else ""


@dataclass
class CycleFigures:
    survey: Survey
    respondents: int
    tables: list[FigureTable]
    role_segments: list = field(default_factory=list)  # aggregation.Segment, counted cycles


def _cycles() -> list[Survey]:
    """The 2024 published baseline and the current cycle: the latest one counted here."""
    surveys = list(
        Survey.objects.filter(questions__key="challenges", questions__items__key="recruit")
        .distinct()
        .order_by("-cycle", "key")
    )
    baseline = next((s for s in surveys if s.baseline), None)
    current = next((s for s in surveys if not s.baseline), None)
    return [s for s in (baseline, current) if s is not None]


def _cycle_figures(survey: Survey, version: int) -> CycleFigures:
    results = assessment_selectors.survey_results(survey, version)
    tables = {}
    for question_key, item_key in WORKFORCE_ITEMS:
        question = results.question(question_key)
        item = question and next((i for i in question.items if i.key == item_key), None)
        if item is None:
            continue
        table = tables.setdefault(
            question_key, FigureTable(question_key, question.text, question.groups, [])
        )
        table.rows.append(FigureRow(item_key, item.label, item.text, item.answered, item.percent))
    figures = CycleFigures(survey, results.respondents, list(tables.values()))
    if not survey.baseline:
        # The positive share by role, with the results' suppression (assessments.suppression):
        # a small group's share, or one that subtraction would reveal, is None.
        questions = Question.objects.filter(survey=survey, key__in=list(tables)).prefetch_related(
            "items", "scale__options"
        )
        split = aggregation.breakdown(survey, "role", reported=list(questions))
        figures.role_segments = split.segments
        cells = {
            (question.key, row.item_key): row.cells
            for question, _label, rows in split.tables
            for row in rows
        }
        for table in figures.tables:
            for row in table.rows:
                row.by_role = cells.get((table.key, row.key), [])
    return figures


def workforce_figures() -> list[CycleFigures]:
    """The recruiting and retention figures of the 2024 baseline and the current cycle, kept
    under the results' cache version (the same for every signed-in user)."""
    version = cache_versions.version(cache_versions.SURVEY_RESULTS)
    return cache.get_or_set(
        f"hiring-workforce-figures-v1:{version}",
        lambda: [_cycle_figures(survey, version) for survey in _cycles()],
        cache_versions.CACHE_SECONDS,
    )
