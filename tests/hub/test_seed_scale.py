import io

import pytest
from django.core.management import call_command

from hub import search
from hub.catalog_models import Resource, SearchWord, TaggedResource

pytestmark = pytest.mark.django_db


def test_seed_scale_creates_a_searchable_tagged_catalog():
    call_command("seed_scale", "--resources", "300", stdout=io.StringIO())
    assert Resource.objects.count() == 300
    per_resource = TaggedResource.objects.count() / 300
    assert 3.5 < per_resource < 6.5
    assert Resource.objects.filter(search_vector__isnull=True).count() == 0
    assert Resource.objects.published().count() > 250
    assert len({r.title for r in Resource.objects.all()}) > 200
    assert SearchWord.objects.filter(word="census").exists()
    found = search.apply_search(Resource.objects.published(), "census")
    assert found.exists()


def test_bench_command_prints_the_table():
    call_command("seed_scale", "--resources", "200", stdout=io.StringIO())
    out = io.StringIO()
    call_command("bench_resources", "--runs", "3", "--detail", stdout=out)
    text = out.getvalue()
    for label in ["one-word search", "two words + 2 facets", "typo search", "unfiltered list"]:
        assert label in text
    assert "p95" in text and "Per query" in text and "?q=census" in text
