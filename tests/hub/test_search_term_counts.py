"""The facet counts per search term, kept by triggers, and the one-word searches that read them.

Each test recounts the whole table from the resources themselves (an independent aggregate
over `tsvector_to_array`) after real writes: the ORM's saves and bulk updates, tag changes,
merges, renames, deletions and rolled-back transactions.
"""

import io
import random

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from hub import catalog_services, search
from hub.catalog_models import Resource, SearchTermCount, Status, TitleWord
from hub.filters import ResourceFilter
from tests import factories
from tests.hub.factories import ResourceFactory, draft
from tests.hub.term_counts import (
    assert_counts_current,
    assert_title_words_current,
    recounted,
    stored,
)

pytestmark = pytest.mark.django_db

WORDS = ["census", "mapping", "housing", "budget", "python", "privacy", "training"]
TYPES = ["tool", "guidance", "training", "dataset"]
AUDIENCES = ["all_staff", "analysts", "leadership"]


def random_resource(rng, n, providers):
    return ResourceFactory(
        title=f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {n}",
        description=f"About {rng.choice(WORDS)} and {rng.choice(WORDS)}.",
        resource_type=rng.choice(TYPES),
        audience=rng.choice(AUDIENCES),
        provider=rng.choice(providers),
        tags=rng.sample(["gis", "python", "equity", "metadata"], rng.randint(0, 3)),
        status=rng.choice([Status.PUBLISHED, Status.PUBLISHED, Status.DRAFT]),
    )


def test_counts_follow_every_kind_of_write(curator):
    rng = random.Random(20261125)
    dss = factories.AgencyFactory(code="DSS", name="Department of Social Services")
    opm = factories.AgencyFactory(code="OPM", name="Office of Policy and Management")
    providers = [dss, opm, None]
    resources = [random_resource(rng, n, providers) for n in range(12)]
    assert_counts_current()
    assert_title_words_current()

    def publish_or_archive(r):
        catalog_services.set_status(r, rng.choice([Status.PUBLISHED, Status.ARCHIVED]), curator)

    def retitle(r):
        r.title = f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} renamed"
        r.save()

    def retype(r):
        r.resource_type, r.audience = rng.choice(TYPES), rng.choice(AUDIENCES)
        r.provider = rng.choice(providers)
        r.save()

    def retag(r):
        r.tags.add(rng.choice(["gis", "census", "zoning"]))
        r.tags.remove(rng.choice(["python", "equity"]))

    operations = [publish_or_archive, retitle, retype, retag]
    for step in range(24):
        operation = operations[step % len(operations)]
        operation(rng.choice(resources))
        assert_counts_current()
        assert_title_words_current()

    # Bulk writes: a queryset UPDATE (one statement, many rows), a rename, a merge, deletes.
    Resource.objects.filter(resource_type="tool").update(audience="data_officers")
    assert_counts_current()
    assert_title_words_current()
    catalog_services.bulk_set_status(Resource.objects.all(), Status.PUBLISHED, curator)
    assert_counts_current()
    assert_title_words_current()
    catalog_services.rename_tag(Tag.objects.get(name="gis"), "geography")
    assert_counts_current()
    assert_title_words_current()
    catalog_services.merge_tags([Tag.objects.get(name="python")], Tag.objects.get(name="equity"))
    assert_counts_current()
    assert_title_words_current()
    Resource.objects.filter(pk__in=[r.pk for r in resources[:4]]).delete()
    assert_counts_current()
    assert_title_words_current()
    # A write that changes no counted column leaves the counts alone.
    before = stored()
    Resource.objects.update(link_status=200, updated_at=F("updated_at"))
    assert stored() == before


def test_a_rolled_back_write_leaves_the_counts_as_they_were():
    ResourceFactory(title="Census mapping guide", tags=["gis"])
    before = stored()
    with pytest.raises(RuntimeError), transaction.atomic():
        ResourceFactory(title="Census housing table", tags=["census"])
        assert stored() != before
        raise RuntimeError("the import found a bad row")
    assert stored() == before
    assert_counts_current()


def test_a_negative_count_is_refused_by_the_database():
    ResourceFactory(title="Census mapping guide")
    row = SearchTermCount.objects.get(term="census", facet="type", value="guidance")
    assert row.count == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        SearchTermCount.objects.filter(pk=row.pk).update(count=-1)


def listing(qs: str, read: bool, offset: int = 0):
    """Facets and a page of a search, counted over its matches or read from the counts of
    its (corrected) word, or of the whole catalog when nothing is searched."""
    filterset = ResourceFilter(QueryDict(qs), queryset=Resource.objects.published())
    matched = filterset.qs
    term = filterset.searched_text if read else None
    return search.facets_and_page(
        matched, filterset.current_sort, offset, 5, tag_limit=3, term=term
    )


def search_matches(term: str) -> int:
    return search.apply_search(Resource.objects.published(), term).count()


def test_reading_the_counts_gives_what_counting_the_matches_gives():
    rng = random.Random(7)
    dss = factories.AgencyFactory(code="DSS", name="Department of Social Services")
    resources = [random_resource(rng, n, [dss, None]) for n in range(30)]
    # Archived resources leave counts of 0 behind, which no facet may show.
    archived = Resource.objects.filter(pk__in=[r.pk for r in resources[:8]])
    catalog_services.bulk_set_status(archived, Status.ARCHIVED)
    assert SearchTermCount.objects.filter(count=0).exists()
    terms = sorted({term for term, _, _ in recounted()} - {search.ALL})
    assert len(terms) > 10
    titled = 0
    for term in terms + ["the", "nothing"]:
        for sort in ["relevance", "newest", "title"]:
            qs = f"q={term}&sort={sort}"
            counted = listing(qs, read=False)
            read = listing(qs, read=True)
            assert read == counted, (term, sort)
        # By relevance a word's page is read from the titles holding it first (the others
        # only when those do not fill it): pages across that boundary, against a full sort.
        for offset in [2, 4, 7]:
            qs = f"q={term}&sort=relevance"
            assert listing(qs, read=True, offset=offset) == listing(qs, read=False, offset=offset)
        titles = Resource.objects.published().filter(title__icontains=term).count()
        titled += 0 < titles < search_matches(term)
    assert titled > 3  # words both in titles and elsewhere: the boundary was crossed
    # The unfiltered catalog: its counts (term '') against counting every published row.
    published = Resource.objects.published().count()
    assert published > 5
    for sort in ["newest", "title"]:
        for offset in [0, 5, published - 2]:
            counted = listing(f"sort={sort}", read=False, offset=offset)
            read = listing(f"sort={sort}", read=True, offset=offset)
            assert read == counted and read[0].total == published, (sort, offset)
            assert len(read[1]) == min(5, published - offset)
    # A tag limit cuts ties by tag id in both (3 of 4 tags shown here).
    facets, _ = listing("q=census", read=True)
    assert len(facets.tag) == 3


def test_a_one_word_search_reads_its_facets_and_others_count_them(leader_client):
    ResourceFactory(title="Census mapping guide", resource_type="guidance", tags=["gis"])
    ResourceFactory(title="Census housing table", resource_type="dataset", tags=["census"])
    draft(title="Census draft notes", tags=["gis"])

    def statements(path):
        with CaptureQueriesContext(connection) as captured:
            response = leader_client.get(path)
        sql = " ".join(q["sql"] for q in captured.captured_queries)
        return response, ("hub_searchtermcount" in sql, "GROUPING SETS" in sql)

    response, used = statements("/resources/?q=Census")
    assert used == (True, False)
    facets = response.context["facets"]
    assert facets.total == 2
    assert {v.value: v.count for v in facets.resource_type} == {"guidance": 1, "dataset": 1}
    assert {v.value: v.count for v in facets.tag} == {"gis": 1, "census": 1}
    assert facets.resource_type[0].url  # the toggles are built as for a counted search
    assert len(response.context["page_obj"].object_list) == 2
    # A misspelt word is corrected first, then read the same way.
    response, used = statements("/resources/?q=censis")
    assert used == (True, False) and response.context["facets"].total == 2
    for path in ["/resources/?q=census+mapping", "/resources/?q=census&type=dataset",
                 "/resources/?q=census&tag=gis", '/resources/?q="census"']:  # fmt: skip
        assert statements(path)[1] == (False, True), path
    response, used = statements("/resources/?q=the")
    assert used == (True, False) and response.context["facets"].total == 0


def test_recounting_corrects_counts_written_with_the_triggers_off():
    ResourceFactory(title="Census mapping guide", resource_type="guidance", tags=["gis"])
    ResourceFactory(title="Census housing table", resource_type="dataset")
    with connection.cursor() as cursor:  # as a restore with its triggers disabled would
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("UPDATE hub_resource SET resource_type = 'tool' WHERE title LIKE '%%table'")
        cursor.execute("SET LOCAL session_replication_role = origin")
    SearchTermCount.objects.create(term="nowhere", facet="type", value="tool", count=4)
    assert stored() != recounted()
    out = io.StringIO()
    call_command("recount_search_terms", stdout=out)
    # The table's six terms (census, housing, table; resource, state, staff from its
    # description) and the whole catalog's (term '') each kept a dataset that is now a tool
    # (2 wrong each), and the stray row.
    assert "15 were wrong" in out.getvalue()
    assert_counts_current()
    out = io.StringIO()
    call_command("recount_search_terms", stdout=out)
    assert "0 were wrong" in out.getvalue()


def test_a_title_whose_vector_is_not_written_yet_is_listed_by_neither_path():
    """The title-first page reads the title words; a resource matches only through its
    vector, so one whose vector is missing is left out there too."""
    for n in range(8):  # more than a page (5) with the word in the title
        ResourceFactory(title=f"Census mapping guide {n}", description="About census.")
    Resource.objects.filter(title__endswith=" 0").update(search_vector=None)
    for offset in [0, 2]:
        read = listing("q=census&sort=relevance", read=True, offset=offset)
        assert read == listing("q=census&sort=relevance", read=False, offset=offset)
    assert read[0].total == 7


def test_the_title_first_page_never_lists_what_a_write_behind_its_back_took_out():
    """Title words are written by `refresh_search`; a queryset UPDATE bypasses it. A resource
    archived or left without a vector that way keeps its title words, and the one-word page
    still lists only published matches, as the full sort does."""
    for n in range(8):
        ResourceFactory(title=f"Census mapping guide {n}", description="About census.")
    archived, unindexed = Resource.objects.order_by("-published_at", "-id")[:2]
    Resource.objects.filter(pk=archived.pk).update(status=Status.ARCHIVED)
    Resource.objects.filter(pk=unindexed.pk).update(search_vector=None)
    gone = {archived.pk, unindexed.pk}
    assert TitleWord.objects.filter(resource__in=gone, word="census").count() == 2
    for offset in [0, 2, 4]:
        read = listing("q=census&sort=relevance", read=True, offset=offset)
        assert read == listing("q=census&sort=relevance", read=False, offset=offset)
        assert not {pk for pk, *_ in read[1]} & gone
    assert len(listing("q=census&sort=relevance", read=True, offset=0)[1]) == 5
