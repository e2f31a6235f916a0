"""seed_scale --datasets and seed_inventory_demo."""

import io

from django.core.management import call_command

from hub import site_search
from inventory.models import Dataset
from inventory.site_search import datasets


def test_seed_scale_datasets(db, curator):
    call_command("seed_scale", "--datasets", "30", stdout=io.StringIO())
    assert Dataset.objects.count() == 30
    assert not Dataset.objects.filter(search_vector=None).exists()
    assert Dataset.categories.through.objects.count() >= 30
    assert datasets(curator, site_search.prepare("wage records"), 5).count > 0


def test_seed_inventory_demo_is_idempotent(db):
    call_command("seed_inventory_demo", stdout=io.StringIO())
    count = Dataset.objects.count()
    assert count >= 3
    call_command("seed_inventory_demo", stdout=io.StringIO())
    assert Dataset.objects.count() == count
