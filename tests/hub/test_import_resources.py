import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from config.csv_import import ImportRejected
from hub import search
from hub.catalog_models import Resource
from hub.resource_csv import import_resources
from tests.factories import AgencyFactory
from tests.hub.factories import ResourceFactory
from tests.hub.term_counts import assert_counts_current

pytestmark = pytest.mark.django_db

HEADER = "title,url,resource_type,tags,provider,audience,description,status\n"
GOOD = (
    "Census guide,https://example.ct.gov/census,guidance,gis;Census Data,OPM,analysts,"
    "Read **this**.,published\n"
    "R course,https://example.ct.gov/r,training,r;python,,all staff,,draft\n"
)


@pytest.fixture(autouse=True)
def opm(db):
    return AgencyFactory(code="OPM", name="Office of Policy and Management")


def write(tmp_path, text):
    path = tmp_path / "resources.csv"
    path.write_text(text)
    return str(path)


def test_import_creates_resources_with_tags(tmp_path):
    call_command("import_resources", write(tmp_path, HEADER + GOOD), stdout=io.StringIO())
    census = Resource.objects.get(url="https://example.ct.gov/census")
    assert census.status == "published" and census.published_at is not None
    assert census.audience == "analysts" and census.provider.code == "OPM"
    assert sorted(census.tags.names()) == ["census data", "gis"]
    assert Resource.objects.get(url="https://example.ct.gov/r").status == "draft"


def test_reimport_updates_and_never_duplicates(tmp_path):
    call_command("import_resources", write(tmp_path, HEADER + GOOD), stdout=io.StringIO())
    changed = GOOD.replace("Census guide", "Census guide (second edition)").replace(
        "gis;Census Data", "gis"
    )
    out = io.StringIO()
    call_command("import_resources", write(tmp_path, HEADER + changed), stdout=out)
    assert "0 created, 1 updated, 1 unchanged" in out.getvalue()
    assert Resource.objects.count() == 2
    census = Resource.objects.get(url="https://example.ct.gov/census")
    assert census.title.endswith("(second edition)") and list(census.tags.names()) == ["gis"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (",https://example.ct.gov/x,guidance,,OPM,,,", "line 4: title is required"),
        ("X,https://example.ct.gov/x,podcast,,OPM,,,", "line 4: unknown resource_type 'podcast'"),
        ("X,https://example.ct.gov/x,guidance,,XYZ,,,", "line 4: unknown agency 'XYZ'"),
        ("X,not a url,guidance,,OPM,,,", "line 4: malformed url 'not a url'"),
        ("X,https://example.ct.gov/census,guidance,,OPM,,,", "line 4: url repeats line 2"),
        ("X,https://example.ct.gov/x,guidance,,OPM,everyone,,", "line 4: unknown audience"),
    ],
)
def test_one_bad_row_rejects_the_file_with_its_line(tmp_path, row, message):
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_resources", write(tmp_path, HEADER + GOOD + row + "\n"), stderr=err)
    assert message in err.getvalue()
    assert Resource.objects.count() == 0


def test_missing_column_is_reported(tmp_path):
    with pytest.raises(CommandError):
        call_command(
            "import_resources", write(tmp_path, "title,url\nA,https://x.ct.gov\n"),
            stderr=io.StringIO(),
        )  # fmt: skip
    assert Resource.objects.count() == 0


def test_the_shipped_resource_list_imports_and_is_idempotent():
    path = Path(__file__).resolve().parents[2] / "hub" / "data" / "existing_resources.csv"
    call_command("import_resources", str(path), stdout=io.StringIO())
    out = io.StringIO()
    call_command("import_resources", str(path), stdout=out)
    assert "0 created, 0 updated, 9 unchanged" in out.getvalue()
    assert Resource.objects.published().count() == 9
    ai = Resource.objects.get(title="Responsible AI framework for agencies")
    assert {"artificial intelligence", "ethics"} <= set(ai.tags.names())


def test_a_tag_only_change_is_recorded_in_the_history(tmp_path):
    call_command("import_resources", write(tmp_path, HEADER + GOOD), stdout=io.StringIO())
    census = Resource.objects.get(url="https://example.ct.gov/census")
    before = census.history.count()
    call_command(
        "import_resources",
        write(tmp_path, HEADER + GOOD.replace("gis;Census Data", "gis;sql")),
        stdout=io.StringIO(),
    )
    assert census.history.count() == before + 1
    assert census.history.first().history_change_reason == "CSV import; tags: gis, sql"


def generated(prefix, count, edition="", status="published"):
    """`count` valid rows; `prefix` keeps titles, urls and tags apart from other files'."""
    return HEADER + "".join(
        f"{prefix} census {n}{edition},https://example.ct.gov/{prefix}/{n},dataset,"
        f"{prefix} gis;{prefix} topic {(n + len(edition)) % 4},OPM,analysts,"
        f"About {prefix} housing {n}.,{status}\n"
        for n in range(count)
    )


def queries_to_import(text):
    with CaptureQueriesContext(connection) as queries:
        import_resources(io.StringIO(text))
    return len(queries.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_rows():
    assert queries_to_import(generated("small", 10)) == queries_to_import(generated("large", 100))
    assert queries_to_import(generated("small", 10, " (2nd ed.)")) == queries_to_import(
        generated("large", 100, " (2nd ed.)")
    )
    assert Resource.objects.count() == 110


def test_a_bulk_import_keeps_vectors_and_search_term_counts_current():
    ResourceFactory(title="Census housing guide", tags=["large gis"])
    import_resources(io.StringIO(generated("large", 30)))
    assert_counts_current()
    assert search.apply_search(Resource.objects.all(), "housing").count() == 31
    first = Resource.objects.get(url="https://example.ct.gov/large/0")
    assert sorted(first.tag_ids) == sorted(first.tags.values_list("id", flat=True))
    import_resources(io.StringIO(generated("large", 30, " (second edition)", status="draft")))
    assert_counts_current()
    assert search.apply_search(Resource.objects.published(), "housing").count() == 1
    assert search.apply_search(Resource.objects.all(), "edition").count() == 30


def test_slugs_stay_unique_within_the_file_and_with_the_catalog():
    ResourceFactory(title="Census guide", slug="census-guide", url="https://other.ct.gov/")
    rows = [
        "Census guide,https://example.ct.gov/1,guidance,,OPM",
        "Census guide,https://example.ct.gov/2,guidance,,OPM",
        "Census guide 2,https://example.ct.gov/3,guidance,,OPM",
        "Curation,https://example.ct.gov/4,guidance,,OPM",
        "!!!,https://example.ct.gov/5,guidance,,OPM",
    ]
    import_resources(io.StringIO("title,url,resource_type,tags,provider\n" + "\n".join(rows)))
    slugs = [Resource.objects.get(url=f"https://example.ct.gov/{n}").slug for n in range(1, 6)]
    assert slugs == [
        "census-guide-2", "census-guide-3", "census-guide-2-2", "curation-2", "resource",
    ]  # fmt: skip


def test_new_tags_get_unique_slugs_and_known_tags_are_reused():
    known = Tag.objects.create(name="Maps")  # slug "maps": a tag named "maps" needs another
    gis = Tag.objects.get(name="gis")  # a shipped topic
    import_resources(
        io.StringIO(
            "title,url,resource_type,tags,provider\n"
            "A,https://example.ct.gov/a,guidance,maps;c++;c;Maps;gis,\n"
            "B,https://example.ct.gov/b,guidance,c;cobol,\n"
        )
    )
    a = Resource.objects.get(url="https://example.ct.gov/a")
    assert sorted(a.tags.names()) == ["c", "c++", "gis", "maps"]
    assert Tag.objects.filter(name__in=["Maps", "maps", "c", "c++", "cobol"]).count() == 5
    assert Tag.objects.values("slug").distinct().count() == Tag.objects.count()
    assert Tag.objects.get(pk=known.pk).slug == "maps"
    assert Tag.objects.get(name="maps").slug == "maps_1"
    assert a.tags.get(name="gis") == gis
    assert sorted(Resource.objects.get(url="https://example.ct.gov/b").tags.names()) == [
        "c", "cobol",
    ]  # fmt: skip


def test_every_bad_line_is_reported_with_its_number():
    text = (
        HEADER
        + GOOD
        + (
            ",https://example.ct.gov/x,guidance,,OPM,,,\n"
            "Y,https://example.ct.gov/y,guidance,,OPM,,,\n"
            "Z,https://example.ct.gov/z,podcast,,XYZ,,,\n"
        )
    )
    with pytest.raises(ImportRejected) as rejected:
        import_resources(io.StringIO(text))
    assert rejected.value.errors == [
        "line 4: title is required",
        "line 6: unknown resource_type 'podcast'",
        "line 6: unknown agency 'XYZ'",
    ]
    assert Resource.objects.count() == 0


def test_each_written_row_gets_one_history_entry(tmp_path):
    call_command("import_resources", write(tmp_path, HEADER + GOOD), stdout=io.StringIO())
    changed = GOOD.replace("R course", "R course again").replace(
        "gis;Census Data", "gis;census data"
    )
    call_command("import_resources", write(tmp_path, HEADER + changed), stdout=io.StringIO())
    census = Resource.objects.get(url="https://example.ct.gov/census")
    course = Resource.objects.get(url="https://example.ct.gov/r")
    assert [(h.history_type, h.history_change_reason) for h in census.history.all()] == [
        ("+", "CSV import; tags: census data, gis"),
    ]
    assert [(h.history_type, h.history_change_reason, h.title) for h in course.history.all()] == [
        ("~", "CSV import", "R course again"),
        ("+", "CSV import; tags: python, r", "R course"),
    ]
    assert course.updated_at > course.created_at
