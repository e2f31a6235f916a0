"""The whole table of counts per search term, stored and recounted from the resources (an
aggregate over `tsvector_to_array` that shares no code with the triggers). The term '' is
the whole published catalog's (migration 0011)."""

from django.db import connection

from hub.catalog_models import SearchTermCount, TitleWord

RECOUNT_SQL = """
    SELECT l, k, v, count(*) FROM hub_resource r
    CROSS JOIN unnest(tsvector_to_array(r.search_vector)) AS l
    CROSS JOIN LATERAL (
        VALUES ('type', r.resource_type), ('audience', r.audience),
               ('provider', r.provider_id::text)
    ) AS f(k, v)
    WHERE r.status = 'published' AND v IS NOT NULL GROUP BY 1, 2, 3
    UNION ALL
    SELECT l, 'tag', t::text, count(*) FROM hub_resource r
    CROSS JOIN unnest(tsvector_to_array(r.search_vector)) AS l
    CROSS JOIN unnest(r.tag_ids) AS t
    WHERE r.status = 'published' GROUP BY 1, 2, 3
    UNION ALL
    SELECT '', k, v, count(*) FROM hub_resource r
    CROSS JOIN LATERAL (
        VALUES ('type', r.resource_type), ('audience', r.audience),
               ('provider', r.provider_id::text)
    ) AS f(k, v)
    WHERE r.status = 'published' AND v IS NOT NULL GROUP BY 2, 3
    UNION ALL
    SELECT '', 'tag', t::text, count(*) FROM hub_resource r
    CROSS JOIN unnest(r.tag_ids) AS t
    WHERE r.status = 'published' GROUP BY 3
"""


def recounted() -> dict:
    with connection.cursor() as cursor:
        cursor.execute(RECOUNT_SQL)
        return {(term, facet, value): n for term, facet, value, n in cursor.fetchall()}


def stored() -> dict:
    rows = SearchTermCount.objects.filter(count__gt=0).values_list(
        "term", "facet", "value", "count"
    )
    return {(term, facet, value): n for term, facet, value, n in rows}


def assert_counts_current():
    expected = recounted()
    assert expected, "the check would be empty"
    assert stored() == expected


# The title words (hub.catalog_models.TitleWord) recomputed from the resources: each lexeme of
# letters and digits of a published title, ranked by a query built another way.
TITLE_WORDS_SQL = """
    SELECT r.id, l, ts_rank(r.search_vector, plainto_tsquery('simple', l))::float8, r.published_at
    FROM hub_resource r
    CROSS JOIN unnest(tsvector_to_array(to_tsvector('english', r.title))) AS l
    WHERE r.status = 'published' AND l ~ '^[a-z0-9]+$'
"""


def recomputed_title_words() -> dict:
    with connection.cursor() as cursor:
        cursor.execute(TITLE_WORDS_SQL)
        return {(pk, word): (rank, at) for pk, word, rank, at in cursor.fetchall()}


def stored_title_words() -> dict:
    rows = TitleWord.objects.values_list("resource_id", "word", "rank", "published_at")
    return {(pk, word): (rank, at) for pk, word, rank, at in rows}


def assert_title_words_current():
    expected = recomputed_title_words()
    assert expected, "the check would be empty"
    assert stored_title_words() == expected
