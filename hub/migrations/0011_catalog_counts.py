# Written by hand: the counts per search term also count the whole published catalog.

from django.db import migrations

# Migration 0010's function, with one more term per resource: '' (no lexeme is empty), whose
# counts are the unfiltered catalog's facets and the tags page's counts. The triggers and
# `recount_search_terms` call this function, so they keep and recount those rows as well.
ALL_TERMS_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION hub_resource_facet_terms(
    vector tsvector, resource_type text, audience text, provider_id bigint, tag_ids integer[]
) RETURNS TABLE (term text, facet text, value text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT l.term, f.facet, f.value
    FROM unnest(array_append(tsvector_to_array(vector), '')) AS l(term),
         (SELECT 'type', resource_type
          UNION ALL SELECT 'audience', audience
          UNION ALL SELECT 'provider', provider_id::text
          UNION ALL SELECT 'tag', t::text FROM unnest(tag_ids) AS t) AS f(facet, value)
    WHERE f.value IS NOT NULL
$$;
"""
FIRST_FILL_SQL = """
SELECT pg_advisory_xact_lock(1213546068);
INSERT INTO hub_searchtermcount (term, facet, value, count)
SELECT f.term, f.facet, f.value, count(*)
FROM hub_resource r,
    hub_resource_facet_terms(NULL, r.resource_type, r.audience, r.provider_id, r.tag_ids) f
WHERE r.status = 'published'
GROUP BY 1, 2, 3;
"""
# Back to 0010's function: its triggers then no longer keep the '' rows, so they go.
TERMS_FUNCTION_SQL = """
SELECT pg_advisory_xact_lock(1213546068);
DELETE FROM hub_searchtermcount WHERE term = '';
CREATE OR REPLACE FUNCTION hub_resource_facet_terms(
    vector tsvector, resource_type text, audience text, provider_id bigint, tag_ids integer[]
) RETURNS TABLE (term text, facet text, value text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT l.term, f.facet, f.value
    FROM unnest(tsvector_to_array(vector)) AS l(term),
         (SELECT 'type', resource_type
          UNION ALL SELECT 'audience', audience
          UNION ALL SELECT 'provider', provider_id::text
          UNION ALL SELECT 'tag', t::text FROM unnest(tag_ids) AS t) AS f(facet, value)
    WHERE f.value IS NOT NULL
$$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("hub", "0010_search_term_counts"),
    ]

    operations = [
        migrations.RunSQL(ALL_TERMS_FUNCTION_SQL + FIRST_FILL_SQL, TERMS_FUNCTION_SQL),
    ]
