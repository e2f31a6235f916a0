import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from hub.catalog_models import Resource
from tests.factories import AgencyFactory

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
