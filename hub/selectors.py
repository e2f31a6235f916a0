"""Reads of the catalog with joins or aggregates, in SQL; views and benchmarks call them."""

from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone
from taggit.models import Tag

from config import cache_versions
from hub import search
from hub.catalog_models import Audience, Resource, ResourceType, Status, TaggedResource, Watch
from hub.topics import TOPIC_TAGS


def related_resources(resource, limit: int = 5):
    """Published resources sharing the most tags with this one (ties: newest first).

    Ranking them reads every resource sharing a tag; the answer is published data, the same
    for everyone, so it is kept for the catalog's version (any change renews it)."""
    version = cache_versions.version(cache_versions.CATALOG)
    ranked = cache.get_or_set(
        f"catalog:{version}:related:{resource.pk}:{limit}",
        lambda: related_ranking(resource, limit),
        cache_versions.CACHE_SECONDS,
    )
    # Published again here: a resource archived since the ranking is never shown.
    found = Resource.objects.published().filter(pk__in=ranked).select_related("provider")
    related = sorted(found, key=lambda r: list(ranked).index(r.pk))
    for item in related:
        item.shared_tags = ranked[item.pk]
    return related


def related_ranking(resource, limit: int) -> dict[int, int]:
    """{resource id: number of shared tags}, best first."""
    shared = (
        TaggedResource.objects.filter(
            tag__in=TaggedResource.objects.filter(content_object=resource).values("tag_id"),
            content_object__status=Status.PUBLISHED,
        )
        .exclude(content_object=resource)
        .values("content_object_id")
        .annotate(shared=Count("id"))
        .order_by("-shared", "-content_object__published_at", "content_object_id")[:limit]
    )
    return {row["content_object_id"]: row["shared"] for row in shared}


def tag_names_by_slug(slugs: list[str]) -> dict[str, str]:
    """{slug: name} of the given tags, for showing chosen filters by their name."""
    return dict(Tag.objects.filter(slug__in=slugs).values_list("slug", "name"))


def tag_counts():
    """Every tag with its number of published resources; curated topics flagged.

    Read from the whole catalog's counts (kept by triggers, see hub.search.ALL)."""
    rows = _tag_count_rows()
    return [TagCount(name, slug, count, name in TOPIC_TAGS) for name, slug, count in rows]


def _tag_count_rows() -> list:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT t.name, t.slug, coalesce(c.count, 0) FROM taggit_tag t
            LEFT JOIN hub_searchtermcount c
                ON c.term = %s AND c.facet = 'tag' AND c.value = t.id::text
            WHERE c.count > 0 OR t.name = ANY(%s)
            ORDER BY t.name
            """,
            [search.ALL, TOPIC_TAGS],
        )
        return cursor.fetchall()


@dataclass
class TagCount:
    name: str
    slug: str
    count: int
    is_topic: bool
    href: str = ""


def broken_links():
    """Published resources whose last link check failed."""
    return (
        Resource.objects.published()
        .filter(Q(link_status__gte=400) | ~Q(link_error=""))
        .select_related("owner", "provider")
        .order_by("link_checked_at", "title")
    )


def past_review():
    """Resources not archived whose review-by date has passed."""
    return (
        Resource.objects.exclude(status=Status.ARCHIVED)
        .filter(review_by__lt=timezone.localdate())
        .select_related("owner", "provider")
        .order_by("review_by", "title")
    )


def watches_of(user):
    return Watch.objects.filter(user=user).select_related("tag")


def watches_search(user, query: str) -> bool:
    """Whether the user watches this search (its query string)."""
    return bool(query) and Watch.objects.filter(user_id=user.pk, query=query).exists()


SUMMARY_LENGTH = 220
TYPE_LABELS = dict(ResourceType.choices)
AUDIENCE_LABELS = dict(Audience.choices)


@dataclass(slots=True)
class ResultRow:
    """What one result line shows (read with the page's ids in the facet statement)."""

    pk: int
    title: str
    slug: str
    resource_type: str
    audience: str
    provider_name: str
    summary: str
    tag_list: list[str]

    @property
    def type_label(self) -> str:
        return TYPE_LABELS.get(self.resource_type, self.resource_type)

    @property
    def audience_label(self) -> str:
        return AUDIENCE_LABELS.get(self.audience, self.audience)


def result_rows(rows) -> list[ResultRow]:
    """Result lines from the rows of `search.facets_and_page` (the id, then the columns of
    search.ROW_COLUMNS), each with a short summary of its description."""
    lines = []
    for pk, title, slug, description, resource_type, audience, provider, tags in rows:
        if len(description) > SUMMARY_LENGTH:
            description = description[: SUMMARY_LENGTH - 1].rsplit(" ", 1)[0] + "…"
        lines.append(
            ResultRow(pk, title, slug, resource_type, audience, provider or "", description, tags)
        )
    return lines


def published_by_tag(tag_names: list[str], per_tag: int) -> dict[str, dict]:
    """For each tag name (lower case): its slug, the first `per_tag` published resources by
    title, and whether there are more. For pages outside the catalog (training needs).

    One query; each tag reads only a few rows through the published-title index and the
    GIN-indexed tag-id array, so it stays fast at any catalog size (no count of all rows).
    """
    sql = f"""
        SELECT lower(t.name), t.slug, r.title, r.slug
        FROM taggit_tag t
        LEFT JOIN LATERAL (
            SELECT res.title, res.slug FROM {Resource._meta.db_table} res
            WHERE res.tag_ids @> ARRAY[t.id] AND res.status = %s
            ORDER BY res.title, res.id LIMIT %s
        ) r ON true
        WHERE lower(t.name) = ANY(%s)
        ORDER BY 1, r.title, r.slug
    """  # noqa: S608  # nosec B608 (table name from the model; values are parameters)
    found: dict[str, dict] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [Status.PUBLISHED, per_tag + 1, [n.lower() for n in tag_names]])
        for name, slug, title, resource_slug in cursor.fetchall():
            entry = found.setdefault(name, {"slug": slug, "resources": [], "more": False})
            if resource_slug is None:
                continue
            if len(entry["resources"]) == per_tag:
                entry["more"] = True
            else:
                entry["resources"].append({"title": title, "slug": resource_slug})
    return found
