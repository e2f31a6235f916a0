"""Top training needs linked to hub resources by tag, and needs no published resource meets.

A training-area item names its hub tags (`Item.hub_tags`, set from the questionnaire file);
a need is met by a published hub resource carrying one of those tags.
"""

from dataclasses import dataclass, field

from django.apps import apps

from assessments.aggregation import TOP_N


@dataclass
class Need:
    key: str
    text: str
    percent: int
    group: str
    tags: list[str]
    resources: list = field(default_factory=list)


@dataclass
class Needs:
    top: list[Need]
    gaps: list[Need]
    available: bool


def _resource_model():
    try:
        return apps.get_model("hub", "Resource")
    except LookupError:
        return None


def training_needs(results) -> Needs:
    """Needs from every matrix whose items carry hub tags, most wanted first (one query)."""
    needs = []
    for question in results.questions:
        if question.kind != "matrix":
            continue
        for item in question.items:
            if item.hub_tags:
                needs.append(
                    Need(
                        item.key,
                        item.text,
                        item.percent.get(question.positive_group, 0),
                        question.positive_group,
                        item.hub_tags,
                    )
                )
    Resource = _resource_model()
    if Resource is None or not needs:
        return Needs(top=needs[:TOP_N], gaps=[], available=Resource is not None)
    wanted = sorted({tag for need in needs for tag in need.tags})
    by_tag: dict[str, list] = {}
    rows = (
        Resource.objects.filter(status="published", tags__name__in=wanted)
        .values_list("tags__name", "title", "slug")
        .order_by("title")
    )
    for tag, title, slug in rows:
        by_tag.setdefault(tag.lower(), []).append({"title": title, "slug": slug})
    for need in needs:
        seen = set()
        for tag in need.tags:
            for resource in by_tag.get(tag, []):
                if resource["slug"] not in seen:
                    seen.add(resource["slug"])
                    need.resources.append(resource)
    return Needs(
        top=needs[:TOP_N],
        gaps=[need for need in needs if not need.resources],
        available=True,
    )
