"""Parallel writes on the catalog, on real separate database connections.

Each worker is a thread with its own connection; a barrier starts them together so their
transactions overlap, and each closes its connection when done.
"""

import io

import pytest
from django.db import transaction
from taggit.models import Tag

from config.csv_import import ImportRejected
from hub import catalog_services
from hub.catalog_models import Resource, TaggedResource, Watch
from hub.resource_csv import import_resources
from tests import factories
from tests.hub.factories import ResourceFactory
from tests.hub.term_counts import assert_counts_current, stored
from tests.parallel import run_together

pytestmark = pytest.mark.django_db(transaction=True)

CSV = "title,url,resource_type,tags,provider,status\n" + "".join(
    f"Resource {n},https://example.ct.gov/r/{n},guidance,gis;topic {n % 7},OPM,published\n"
    for n in range(40)
)


@pytest.fixture
def opm(db):
    return factories.AgencyFactory(code="OPM", name="Office of Policy and Management")


def test_parallel_imports_of_one_file_leave_one_row_per_url(opm):
    results = run_together(*[lambda: import_resources(io.StringIO(CSV)) for _ in range(3)])
    assert not any(isinstance(r, Exception) for r in results), results
    assert sorted(r.created for r in results) == [0, 0, 40]
    assert sorted(r.unchanged for r in results) == [0, 40, 40]
    assert Resource.objects.count() == 40
    assert Resource.objects.values("url").distinct().count() == 40
    assert TaggedResource.objects.count() == 80
    gis = Tag.objects.get(name="gis")
    assert TaggedResource.objects.filter(tag=gis).count() == 40


def test_a_clashing_writer_gets_a_clear_refusal_not_a_crash(opm, monkeypatch):
    """If a row still clashes (another writer took the slug), the import retries, then
    refuses with a message; nothing is half-written."""
    from hub import resource_csv

    calls = []

    def taken_slugs(titles):
        calls.append(titles)
        return ["always-the-same"] * len(titles)

    ResourceFactory(slug="always-the-same", url="https://example.ct.gov/other")
    monkeypatch.setattr(resource_csv, "unique_slugs", taken_slugs)
    with pytest.raises(ImportRejected, match="the catalog changed while importing"):
        import_resources(io.StringIO(CSV))
    assert len(calls) == resource_csv.WRITE_ATTEMPTS
    assert Resource.objects.count() == 1


def test_parallel_merges_into_one_tag_keep_every_link_once(db):
    both = ResourceFactory(title="Both", tags=["maps", "charts", "gis"])
    maps_only = ResourceFactory(title="Maps", tags=["maps"])
    charts_only = ResourceFactory(title="Charts", tags=["charts", "gis"])
    user = factories.curator()
    maps, charts, gis = (Tag.objects.get(name=n) for n in ["maps", "charts", "gis"])
    Watch.objects.create(user=user, tag=maps)
    Watch.objects.create(user=user, tag=charts)

    results = run_together(
        lambda: catalog_services.merge_tags([maps], gis),
        lambda: catalog_services.merge_tags([charts], gis),
    )
    assert not any(isinstance(r, Exception) for r in results), results
    assert set(
        Tag.objects.filter(name__in=["maps", "charts", "gis"]).values_list("name", flat=True)
    ) == {"gis"}
    for resource in [both, maps_only, charts_only]:
        assert list(resource.tags.names()) == ["gis"], resource.title
    assert TaggedResource.objects.filter(tag=gis).count() == 3
    assert list(Watch.objects.filter(user=user).values_list("tag__name", flat=True)) == ["gis"]
    for resource in Resource.objects.all():
        assert resource.tag_ids == [gis.pk]


def test_crossed_merges_lose_no_link(db):
    """A into B and B into A at once: one wins, the other is refused; no link is lost."""
    first = ResourceFactory(title="First", tags=["maps"])
    second = ResourceFactory(title="Second", tags=["gis"])
    maps, gis = Tag.objects.get(name="maps"), Tag.objects.get(name="gis")

    results = run_together(
        lambda: catalog_services.merge_tags([maps], gis),
        lambda: catalog_services.merge_tags([gis], maps),
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], catalog_services.TagGone)
    survivor = Tag.objects.get(name__in=["maps", "gis"])
    assert list(first.tags.all()) == [survivor] and list(second.tags.all()) == [survivor]


def test_parallel_writers_queue_and_both_counts_land(db):
    """Two curators' transactions, each writing the counts twice (a save, then its tags),
    over the same common words: they queue on one lock instead of deadlocking."""
    first = ResourceFactory(title="Census data guide", tags=["gis"])
    second = ResourceFactory(title="Census data table", tags=["gis"])

    def edit(resource, tag):
        with transaction.atomic():
            resource.resource_type = "dataset"
            resource.save()
            resource.tags.add(tag)

    run_together(
        lambda: edit(Resource.objects.get(pk=first.pk), "python"),
        lambda: edit(Resource.objects.get(pk=second.pk), "equity"),
        raise_errors=True,
    )
    assert_counts_current()
    assert stored()[("census", "type", "dataset")] == 2
