# Written by hand: an index of the titles' own vectors, for one-word searches by relevance.

from django.db import migrations

# The expression hub.search.TITLE_VECTOR_SQL writes: the queries must use it as it is here.
CREATE_SQL = """
CREATE INDEX resource_title_vector_gin ON hub_resource
USING gin (to_tsvector('english'::regconfig, title));
"""
DROP_SQL = "DROP INDEX resource_title_vector_gin;"


class Migration(migrations.Migration):
    dependencies = [("hub", "0011_catalog_counts")]

    operations = [migrations.RunSQL(CREATE_SQL, DROP_SQL)]
