"""The guidance's words join the word list the typo correction reads (hub_searchword), so a
misspelt "confidentality" finds the guidance too. Later edits add theirs (sharing.signals)."""

from django.db import migrations

WORDS_SQL = """
    INSERT INTO hub_searchword (word)
    SELECT DISTINCT w FROM (
        SELECT name || ' ' || citation || ' ' || summary || ' ' || holders || ' ' || disclosure
            AS t FROM sharing_legalframework
        UNION ALL SELECT name || ' ' || description FROM sharing_datacategory
        UNION ALL SELECT name || ' ' || description FROM sharing_agreementtype
        UNION ALL SELECT title || ' ' || text || ' ' || required_by FROM sharing_clause
    ) AS g, regexp_split_to_table(lower(g.t), '[^a-z0-9]+') AS w
    WHERE length(w) BETWEEN 2 AND 40
    ON CONFLICT (word) DO NOTHING
"""


class Migration(migrations.Migration):
    dependencies = [
        ("sharing", "0017_guidance_search_vectors"),
        ("hub", "0005_resources"),
    ]
    operations = [migrations.RunSQL(WORDS_SQL, migrations.RunSQL.noop)]
