"""Top training needs linked to hub resources by tag, and needs no published resource meets.

A training-area item names its hub tags (`Item.hub_tags`, set from the questionnaire file);
a need is met by a published hub resource carrying one of those tags.
"""

import hashlib
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from django.apps import apps
from django.urls import reverse

from assessments.aggregation import TOP_N


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
SLUG_MARK = "resource-slug"


def _add_links(needs: list[Need]) -> None:
    """Each resource's and tag's link from one reverse each, not one per link (a results page
    lists up to 30 of them)."""
    head, tail = reverse("hub:resource_detail", args=[SLUG_MARK]).rsplit(SLUG_MARK, 1)
    index = reverse("hub:resource_index")
    for need in needs:
        for resource in need.resources:
            resource["href"] = head + quote(resource["slug"]) + tail
        if need.tag_slug:
            need.tag_href = index + "?" + urlencode({"tag": need.tag_slug})


def _published_by_tag(tags: list[str]) -> dict[str, dict]:
    """A few published resources per tag, kept for the hub catalog's generation (which every
    resource or tag change renews): published data, the same for every signed-in user."""
    from hub import search
    from hub.selectors import published_by_tag

    digest = hashlib.sha256(repr(tags).encode()).hexdigest()
    return search.cached_for_catalog(
        f"assessments-needs:{RESOURCES_PER_NEED}:{digest}",
        lambda: published_by_tag(tags, RESOURCES_PER_NEED),
    )


def training_needs(results) -> Needs:
    """Needs from every matrix whose items carry hub tags, most wanted first (at most one
    query: none while the catalog's generation holds the resources)."""
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
    by_tag = _published_by_tag(sorted({t for need in needs for t in need.tags}))
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
