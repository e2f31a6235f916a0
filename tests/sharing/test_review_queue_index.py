"""Migration 0009 adds the reviewers' work-queue index and takes it away again.

The migration itself is reversed and applied on the migrated test database (its operations,
with the project state of its own place in the history): migrating the whole history down
to 0008 and back up would cost about 20 s for the same two statements."""

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

BEFORE = ("sharing", "0008_agency_in_accounts")
AFTER = ("sharing", "0009_review_queue_index")
INDEX = "sharing_req_review_queue"


def index_definition():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [INDEX])
        row = cursor.fetchone()
    return row[0] if row else None


@pytest.mark.django_db
def test_migration_adds_the_partial_queue_index_and_reverses():
    loader = MigrationLoader(connection)
    migration = loader.get_migration(*AFTER)
    assert BEFORE in migration.dependencies
    assert index_definition() is not None  # the test database is migrated
    with connection.schema_editor() as editor:
        migration.unapply(loader.project_state(AFTER), editor)
    assert index_definition() is None
    with connection.schema_editor() as editor:
        migration.apply(loader.project_state(BEFORE), editor)
    definition = index_definition()
    assert "updated_at DESC, id DESC" in definition
    assert "submitted" in definition and "in_review" in definition and "approved" in definition
