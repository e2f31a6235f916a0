from importlib import import_module

import pytest
from django.db import IntegrityError, transaction
from taggit.models import Tag

from hub.catalog_models import Resource
from hub.rendering import render_markdown
from hub.topics import TOPIC_TAGS
from tests.hub.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def test_resource_needs_a_url_or_a_file():
    with pytest.raises(IntegrityError), transaction.atomic():
        ResourceFactory(url="")


def test_two_resources_cannot_share_a_url():
    ResourceFactory(url="https://example.ct.gov/same")
    with pytest.raises(IntegrityError), transaction.atomic():
        ResourceFactory(url="https://example.ct.gov/same")


def test_published_resource_needs_a_publication_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        ResourceFactory(published_at=None)


def test_unknown_type_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ResourceFactory(resource_type="podcast")


def test_curated_topic_tags_are_shipped_by_migration():
    from django.db.migrations.loader import MigrationLoader

    Tag.objects.all().delete()
    migration = import_module("hub.migrations.0006_topic_tags")
    state_apps = MigrationLoader(None).project_state(("hub", "0006_topic_tags")).apps
    migration.create_topics(state_apps, None)
    names = set(Tag.objects.values_list("name", flat=True))
    assert set(TOPIC_TAGS) <= names
    assert "data visualization" in names and "sql" in names


def test_every_change_is_in_the_history():
    resource = ResourceFactory(title="First title")
    resource.title = "Second title"
    resource.save()
    titles = [h.title for h in resource.history.order_by("history_date")]
    assert titles == ["First title", "Second title"]
    assert Resource.history.count() == 2


def test_markdown_is_rendered_and_scripts_are_removed():
    html = render_markdown(
        "**Bold** [link](https://ct.gov) <script>alert(1)</script> [x](javascript:alert(1))"
    )
    assert "<strong>Bold</strong>" in html
    assert 'href="https://ct.gov"' in html
    assert "<script" not in html and "javascript:" not in html


def test_a_slug_cannot_take_a_page_path():
    with pytest.raises(IntegrityError), transaction.atomic():
        ResourceFactory(slug="tags")


def test_generated_slugs_avoid_page_paths_and_duplicates():
    from hub.catalog_services import unique_slug

    ResourceFactory(slug="census-guide")
    assert unique_slug("Census guide") == "census-guide-2"
    assert unique_slug("Tags") == "tags-2"
