"""Migration 0009 adds the reviewers' work-queue index and takes it away again."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("sharing", "0008_agency_in_accounts")
AFTER = ("sharing", "0009_review_queue_index")
INDEX = "sharing_req_review_queue"


def migrate(target):
    with connection.cursor() as cursor:  # no deferred checks pending while tables change
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    MigrationExecutor(connection).migrate([target])


def index_definition():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [INDEX])
        row = cursor.fetchone()
    return row[0] if row else None


@pytest.mark.django_db
def test_migration_adds_the_partial_queue_index_and_reverses():
    migrate(BEFORE)
    assert index_definition() is None
    migrate(AFTER)
    definition = index_definition()
    assert "updated_at DESC, id DESC" in definition
    assert "submitted" in definition and "in_review" in definition and "approved" in definition
