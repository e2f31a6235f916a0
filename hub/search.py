"""Full-text search of the catalog in PostgreSQL: the stored vector, typo fixing and facets.

`Resource.search_vector` holds title (weight A), tag names (B) and description (C), stemmed
with the 'english' configuration and GIN-indexed. It is recomputed in SQL whenever a resource
or its tags change (signals in hub.signals) and in one statement by the scale seeder. Words
of the catalog go into `SearchWord`, whose trigram index turns "vizualization" into
"visualization" before the query runs.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F

CONFIG = "english"
WORD_RE = re.compile(r"[a-z0-9]+")

VECTOR_SQL = """
    setweight(to_tsvector('english', r.title), 'A')
    || setweight(to_tsvector('english', coalesce((
        SELECT string_agg(t.name, ' ') FROM hub_taggedresource tr
        JOIN taggit_tag t ON t.id = tr.tag_id WHERE tr.content_object_id = r.id), '')), 'B')
    || setweight(to_tsvector('english', r.description), 'C')
"""

WORDS_SQL = """
    INSERT INTO hub_searchword (word)
    SELECT DISTINCT w FROM hub_resource r,
        regexp_split_to_table(lower(r.title || ' ' || r.description || ' ' || coalesce((
            SELECT string_agg(t.name, ' ') FROM hub_taggedresource tr
            JOIN taggit_tag t ON t.id = tr.tag_id WHERE tr.content_object_id = r.id), '')),
            '[^a-z0-9]+') AS w
    WHERE {where} AND length(w) BETWEEN 2 AND 40
    ON CONFLICT (word) DO NOTHING
"""


def refresh_search(resource_ids=None) -> None:
    """Recompute the stored vectors (and add new words) for these resources, or for all."""
    if resource_ids is not None:
        resource_ids = list(resource_ids)
        if not resource_ids:
            return
        where, params = "r.id = ANY(%s)", [resource_ids]
    else:
        where, params = "TRUE", []
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE hub_resource r SET search_vector = {VECTOR_SQL} WHERE {where}",  # noqa: S608
            params,
        )
        cursor.execute(WORDS_SQL.format(where=where), params)


def refresh_search_for_tags(tag_ids) -> None:
    """After a tag is renamed or merged, every resource carrying it needs a new vector."""
    from hub.catalog_models import TaggedResource

    ids = TaggedResource.objects.filter(tag_id__in=list(tag_ids)).values_list(
        "content_object_id", flat=True
    )
    refresh_search(set(ids))


def correct_query(text: str) -> str:
    """Replace words the catalog does not contain by their nearest catalog word (pg_trgm).

    Known words and words with no close match are kept, so a correct query never changes.
    One query whatever the number of words.
    """
    words = sorted(set(WORD_RE.findall(text.lower())))
    candidates = [w for w in words if len(w) >= 4]
    if not candidates:
        return text
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT q.w, (SELECT s.word FROM hub_searchword s WHERE s.word %% q.w
                         ORDER BY similarity(s.word, q.w) DESC, s.word LIMIT 1)
            FROM unnest(%s::text[]) AS q(w)
            WHERE NOT EXISTS (SELECT 1 FROM hub_searchword s WHERE s.word = q.w)
            """,
            [candidates],
        )
        fixes = {wrong: right for wrong, right in cursor.fetchall() if right}
    if not fixes:
        return text
    return re.sub(r"[A-Za-z0-9]+", lambda m: fixes.get(m.group(0).lower(), m.group(0)), text)


def search_query(text: str) -> SearchQuery:
    return SearchQuery(text, search_type="websearch", config=CONFIG)


def apply_search(queryset, text: str):
    """Filter to matches and annotate `rank` (title above tags above description)."""
    query = search_query(text)
    return queryset.filter(search_vector=query).annotate(
        rank=SearchRank(F("search_vector"), query, cover_density=False)
    )


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False
    url: str = ""


@dataclass
class Facets:
    total: int = 0
    resource_type: list[FacetValue] = field(default_factory=list)
    audience: list[FacetValue] = field(default_factory=list)
    provider: list[FacetValue] = field(default_factory=list)
    tag: list[FacetValue] = field(default_factory=list)


def facet_counts(queryset, tag_limit: int = 15) -> Facets:
    """Counts per type, audience, provider and tag of the matching resources, in two queries.

    The filtered queryset is compiled into a subquery; one GROUPING SETS query counts the
    three single-valued facets (and the total), one join counts the top tags.
    """
    from hub.catalog_models import Audience, ResourceType

    matched = queryset.order_by().values("id", "resource_type", "audience", "provider_id")
    sql, params = matched.query.sql_with_params()
    facets = Facets()
    type_labels, audience_labels = dict(ResourceType.choices), dict(Audience.choices)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT GROUPING(m.resource_type), GROUPING(m.audience), m.resource_type,
                   m.audience, a.code, a.name, count(*)
            FROM ({sql}) AS m LEFT JOIN hub_agency a ON a.id = m.provider_id
            GROUP BY GROUPING SETS ((m.resource_type), (m.audience), (a.code, a.name))
            ORDER BY 7 DESC, 3, 4, 6
            """,  # noqa: S608 (sql is Django's compiled query; values are parameters)
            params,
        )
        for no_type, no_audience, rtype, audience, code, name, count in cursor.fetchall():
            if not no_type:
                facets.total += count
                facets.resource_type.append(FacetValue(rtype, type_labels.get(rtype, rtype), count))
            elif not no_audience:
                facets.audience.append(
                    FacetValue(audience, audience_labels.get(audience, audience), count)
                )
            elif code:
                facets.provider.append(FacetValue(code, name, count))
        if facets.total:
            cursor.execute(
                f"""
                SELECT t.slug, t.name, count(*) FROM ({sql}) AS m
                JOIN hub_taggedresource tr ON tr.content_object_id = m.id
                JOIN taggit_tag t ON t.id = tr.tag_id
                GROUP BY t.slug, t.name ORDER BY 3 DESC, t.name LIMIT %s
                """,  # noqa: S608
                [*params, tag_limit],
            )
            facets.tag = [FacetValue(slug, name, count) for slug, name, count in cursor]
    return facets
