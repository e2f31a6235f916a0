"""Top training needs linked to hub resources by tag, and needs no published resource meets.

A training-area item names its hub tags (`Item.hub_tags`, set from the questionnaire file);
a need is met by a published hub resource carrying one of those tags.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection

from assessments.aggregation import TOP_N


@dataclass
class Need:
    key: str
    text: str
    percent: int
    group: str
    tags: list[str]
    resources: list = field(default_factory=list)
    total: int = 0  # published resources carrying one of the tags (a resource may count twice)
    tag_slug: str = ""  # for the link to the catalog filtered by the first matching tag
    tag_name: str = ""


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


def _resources_by_tag(Resource, tag_names: list[str]) -> dict[str, dict]:
    """Per tag: the count of published resources and the first few by title, in one query.

    A lateral join reads only a few rows per tag, so the page stays fast whatever the size
    of the catalog (a plain join returned every matching resource: seconds at 100,000).
    """
    through = Resource.tags.through
    sql = f"""
        SELECT t.name, t.slug, c.n, r.title, r.slug
        FROM taggit_tag t
        CROSS JOIN LATERAL (
            SELECT count(*) AS n FROM {through._meta.db_table} tr
            JOIN {Resource._meta.db_table} res ON res.id = tr.content_object_id
            WHERE tr.tag_id = t.id AND res.status = 'published'
        ) c
        LEFT JOIN LATERAL (
            SELECT res.title, res.slug FROM {through._meta.db_table} tr
            JOIN {Resource._meta.db_table} res ON res.id = tr.content_object_id
            WHERE tr.tag_id = t.id AND res.status = 'published'
            ORDER BY res.title, res.id LIMIT {RESOURCES_PER_NEED}
        ) r ON true
        WHERE lower(t.name) = ANY(%s)
        ORDER BY t.name, r.title
    """  # noqa: S608  # nosec B608 - table names from the models, values as parameters
    found: dict[str, dict] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [[name.lower() for name in tag_names]])
        for name, slug, count, title, resource_slug in cursor.fetchall():
            entry = found.setdefault(name.lower(), {"slug": slug, "total": count, "resources": []})
            if resource_slug:
                entry["resources"].append({"title": title, "slug": resource_slug})
    return found


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
    by_tag = _resources_by_tag(Resource, sorted({tag for need in needs for tag in need.tags}))
    for need in needs:
        seen = set()
        for tag in need.tags:
            found = by_tag.get(tag.lower())
            if not found:
                continue
            need.total += found["total"]
            if not need.tag_slug:
                need.tag_slug, need.tag_name = found["slug"], tag
            for resource in found["resources"]:
                if resource["slug"] not in seen and len(need.resources) < RESOURCES_PER_NEED:
                    seen.add(resource["slug"])
                    need.resources.append(resource)
    return Needs(
        top=needs[:TOP_N],
        gaps=[need for need in needs if not need.resources],
        available=True,
    )
