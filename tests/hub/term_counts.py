"""The whole table of counts per search term, stored and recounted from the resources (an
aggregate over `tsvector_to_array` that shares no code with the triggers). The term '' is
the whole published catalog's (migration 0011)."""

from django.db import connection

from hub.catalog_models import SearchTermCount

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
