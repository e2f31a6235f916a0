"""Migration 0021 fills the title words from the resources already there, and reverses.

The migration itself is reversed and applied on the migrated test database, holding
published, draft and archived resources (its operations, with the project state of its own
place in the history): migrating the whole history down and back up would cost about 20 s."""

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from hub import catalog_services
from hub.catalog_models import Status
from tests.hub.factories import ResourceFactory, draft
from tests.hub.term_counts import recomputed_title_words, stored_title_words

BEFORE = ("hub", "0020_seed_synonyms")
AFTER = ("hub", "0021_title_words")


def table_and_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_regclass('hub_titleword'), to_regclass('resource_title_vector_gin')"
        )
        return tuple(name is not None for name in cursor.fetchone())


@pytest.mark.django_db
def test_the_migration_fills_the_title_words_of_the_published_resources_and_reverses(curator):
    ResourceFactory(title="Census mapping guide", description="Census tracts.", tags=["gis"])
    ResourceFactory(title="Housing data for the census", tags=["census", "housing"])
    draft(title="Census draft notes")
    archived = ResourceFactory(title="Old census tables")
    catalog_services.set_status(archived, Status.ARCHIVED, curator)
    expected = recomputed_title_words()
    assert {word for _, word in expected} >= {"census", "map", "guid", "hous", "data"}
    assert not {pk for pk, _ in expected} & {archived.pk}

    loader = MigrationLoader(connection)
    migration = loader.get_migration(*AFTER)
    assert BEFORE in migration.dependencies
    assert table_and_index() == (True, False)
    with connection.cursor() as cursor:  # the writes' deferred checks, before altering tables
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with connection.schema_editor() as editor:
        migration.unapply(loader.project_state(AFTER), editor)
    assert table_and_index() == (False, True)
    with connection.schema_editor() as editor:
        migration.apply(loader.project_state(BEFORE), editor)
    assert table_and_index() == (True, False)
    assert stored_title_words() == expected
