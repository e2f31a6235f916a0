"""The title words of published resources with their ranks (hub.catalog_models.TitleWord),
filled from the stored vectors; the index of the titles' vectors (0012), which the one-word
page read before, goes."""

import django.db.models.deletion
from django.db import migrations, models

# hub.search.TITLE_WORDS_SQL as it is today, over every resource.
FILL_SQL = """
    INSERT INTO hub_titleword (resource_id, word, rank, published_at)
    SELECT t.id, t.word, t.rank, t.published_at FROM (
        SELECT r.id, w.lexeme AS word, r.published_at,
               ts_rank(r.search_vector, w.lexeme::tsquery) AS rank
        FROM hub_resource r, unnest(to_tsvector('english', r.title)) AS w
        WHERE r.status = 'published' AND w.lexeme ~ '^[a-z0-9]+$'
        OFFSET 0
    ) AS t WHERE t.rank > 0
"""
TITLE_INDEX_SQL = """
CREATE INDEX resource_title_vector_gin ON hub_resource
USING gin (to_tsvector('english'::regconfig, title));
"""


class Migration(migrations.Migration):
    dependencies = [
        ("hub", "0020_seed_synonyms"),
    ]

    operations = [
        migrations.CreateModel(
            name="TitleWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.TextField()),
                ("rank", models.FloatField()),
                ("published_at", models.DateTimeField()),
                (
                    "resource",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="hub.resource",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(
                        models.F("word"),
                        models.OrderBy(models.F("rank"), descending=True),
                        models.OrderBy(models.F("published_at"), descending=True),
                        models.OrderBy(models.F("resource"), descending=True),
                        name="title_word_by_rank",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("resource", "word"), name="title_word_key")
                ],
            },
        ),
        migrations.RunSQL(FILL_SQL, migrations.RunSQL.noop),
        migrations.RunSQL("DROP INDEX resource_title_vector_gin;", TITLE_INDEX_SQL),
    ]
