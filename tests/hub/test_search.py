import pytest
from django.utils import timezone

from hub import catalog_services, search
from hub.catalog_models import Resource
from tests.hub.factories import ResourceFactory, draft

pytestmark = pytest.mark.django_db


def titles(text):
    qs = search.apply_search(Resource.objects.published(), search.correct_query(text))
    return [r.title for r in qs.order_by("-rank", "id")]


def test_title_match_ranks_above_tag_above_description():
    ResourceFactory(title="Guide to budgets", description="About dashboards and more.")
    ResourceFactory(title="Staff handbook", tags=["dashboards"])
    ResourceFactory(title="Dashboards for leaders")
    assert titles("dashboard") == [
        "Dashboards for leaders",
        "Staff handbook",
        "Guide to budgets",
    ]


def test_search_is_stemmed():
    ResourceFactory(title="Visualizing survey results")
    assert titles("visualize") == ["Visualizing survey results"]


def test_a_typo_is_corrected_by_trigram_similarity():
    ResourceFactory(title="Data visualization guidelines")
    ResourceFactory(title="Budget tables")
    assert search.correct_query("vizualization") == "visualization"
    assert titles("vizualization") == ["Data visualization guidelines"]


def test_known_words_are_never_corrected():
    ResourceFactory(title="Budget tables")
    assert search.correct_query("budget tables") == "budget tables"


def test_drafts_are_not_found():
    draft(title="Secret dashboard")
    assert titles("dashboard") == []


def test_tag_changes_update_the_stored_vector():
    resource = ResourceFactory(title="Handbook")
    assert titles("geocoding") == []
    resource.tags.add("geocoding")
    assert titles("geocoding") == ["Handbook"]
    resource.refresh_from_db()
    assert resource.tag_ids == [resource.tags.get().pk]
    resource.tags.remove("geocoding")
    assert titles("geocoding") == []


def test_renaming_a_tag_updates_search():
    resource = ResourceFactory(title="Handbook", tags=["mapping"])
    tag = resource.tags.get()
    catalog_services.rename_tag(tag, "cartography")
    assert titles("cartography") == ["Handbook"]
    assert titles("mapping") == []


def test_published_at_is_used_by_newest_first():
    old = ResourceFactory(published_at=timezone.now() - timezone.timedelta(days=3))
    new = ResourceFactory()
    ordered = list(Resource.objects.published().order_by("-published_at"))
    assert ordered == [new, old]
