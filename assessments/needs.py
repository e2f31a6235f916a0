"""Top training needs linked to hub resources by tag, and needs no published resource meets.

A training-area item names its hub tags (`Item.hub_tags`, set from the questionnaire file);
a need is met by a published hub resource carrying one of those tags.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.apps import apps
from django.urls import reverse

from assessments.aggregation import TOP_N
from hub.selectors import published_by_tag


@dataclass
class Need:
    key: str
    text: str
    percent: int
    group: str
    tags: list[str]
    resources: list = field(default_factory=list)
    more: bool = False  # more published resources carry these tags than are listed
    tag_slug: str = ""  # for the link to the catalog filtered by the first matching tag
    tag_name: str = ""
    tag_href: str = ""


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


RESOURCES_PER_NEED = 5


def _add_links(needs: list[Need]) -> None:
    for need in needs:
        for resource in need.resources:
            resource["href"] = reverse("hub:resource_detail", args=[resource["slug"]])
        if need.tag_slug:
            need.tag_href = reverse("hub:resource_index") + "?" + urlencode({"tag": need.tag_slug})


def training_needs(results) -> Needs:
    """Needs from every matrix whose items carry hub tags, most wanted first.

    Read live, in one short query (hub.selectors.published_by_tag): the catalog changes
    without the survey's results, and so the page shows a resource the moment it is
    published."""
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
    by_tag = published_by_tag(sorted({t for need in needs for t in need.tags}), RESOURCES_PER_NEED)
    for need in needs:
        candidates: dict[str, dict] = {}  # by slug, in tag order then title order
        for tag in need.tags:
            found = by_tag.get(tag.lower())
            if not found or not found["resources"]:
                continue
            if not need.tag_slug:
                need.tag_slug, need.tag_name = found["slug"], tag
            need.more = need.more or found["more"]
            for resource in found["resources"]:
                candidates.setdefault(resource["slug"], resource)
        need.resources = list(candidates.values())[:RESOURCES_PER_NEED]
        need.more = need.more or len(candidates) > RESOURCES_PER_NEED
    _add_links(needs)
    return Needs(
        top=needs[:TOP_N],
        gaps=[need for need in needs if not need.resources],
        available=True,
    )
