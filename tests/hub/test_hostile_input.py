"""Hostile input on every catalog form and import: a clear refusal, or stored and shown
escaped; never a server error, never a half-written import.

Hypothesis runs many examples inside one pytest test, so function-scoped fixtures (the
database, a signed-in client) are shared by the examples. That is what its health check
warns about; here it is safe because every example runs in `fresh_example()`: a savepoint
rolled back at its end and an emptied cache, so no example sees another's writes.
"""

import contextlib
import csv
import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from taggit.models import Tag

from accounts.models import User
from accounts.services import import_users
from config.csv_import import ImportRejected
from hub.catalog_models import Audience, Resource, ResourceType, Status, Watch
from hub.formula_guard import FORMULA_STARTS, safe_cell
from hub.resource_csv import _choice, export_csv, import_resources
from tests.factories import AgencyFactory
from tests.hub.factories import ResourceFactory

pytestmark = pytest.mark.django_db

HOSTILE = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SCRIPT = "<script>alert(1)</script>"
PAYLOADS = [
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE hub_resource; --",
    "1' OR '1'='1",
    "%' OR 1=1 --",
    "\x00",
    "a\x00b",
    "!!:*&|()<->",
    "'':*",
    "\r\nSet-Cookie: x=1",
    '=HYPERLINK("http://evil")',
    "+cmd|' /C calc'!A0",
    "\u202egnp.exe",
    "ｅｘａｍｐｌｅ",
    "😀" * 50,
    "../../../../etc/passwd",
    "%00%0d%0a",
    "//evil.example/",
    "\\\\evil\\share",
    "99999999999999999999999999999999",
    "-1",
    "0",
]
control_text = st.text(alphabet=st.characters(max_codepoint=31), min_size=1, max_size=20)
long_text = st.text(min_size=1, max_size=8).map(lambda s: s * 700)
hostile_text = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(max_size=60),
    control_text,
    long_text,
    st.builds(lambda a, b: a + b, st.sampled_from(PAYLOADS), st.text(max_size=20)),
)


@contextlib.contextmanager
def fresh_example():
    """One hypothesis example: its writes and cached facets are undone when it ends."""
    cache.clear()
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
    cache.clear()


def assert_escaped(html: str) -> None:
    assert SCRIPT not in html
    assert "<img src=x onerror" not in html


@pytest.fixture
def catalog(db):
    opm = AgencyFactory(code="OPM", name="Office of Policy and Management")
    ResourceFactory(title="Census mapping guide", tags=["gis", "census data"], provider=opm)
    ResourceFactory(title="Python training", resource_type="training", tags=["python"])


# --- The list page: search, every facet, sort and page in the URL ---------------------------

list_params = st.fixed_dictionaries(
    {},
    optional={
        "q": hostile_text,
        "type": st.one_of(hostile_text, st.sampled_from(["tool", "training", "guidance"])),
        "audience": st.one_of(hostile_text, st.just("analysts")),
        "provider": st.one_of(hostile_text, st.just("OPM")),
        "tag": st.lists(st.one_of(hostile_text, st.sampled_from(["gis", "python"])), max_size=4),
        "sort": st.one_of(hostile_text, st.sampled_from(["relevance", "newest", "title"])),
        "page": st.one_of(hostile_text, st.integers().map(str)),
    },
)


@HOSTILE
@given(params=list_params)
def test_list_page_answers_any_url(officer_client, catalog, params):
    with fresh_example():
        response = officer_client.get("/resources/", params)
        assert response.status_code == 200
        html = response.content.decode()
        assert_escaped(html)
        assert response.context["page_obj"].number >= 1


@HOSTILE
@given(page=st.one_of(st.integers(min_value=-(10**40), max_value=10**40), st.integers()))
def test_any_page_number_shows_a_page(officer_client, catalog, page):
    with fresh_example():
        for query in ({"page": page}, {"page": page, "q": "census"}, {"page": page, "tag": "gis"}):
            response = officer_client.get("/resources/", query)
            assert response.status_code == 200
            assert response.context["page_obj"].number == 1  # one page of results here


def test_a_nul_in_every_parameter_is_ignored(officer_client, catalog):
    nul = "gis\x00"
    response = officer_client.get(
        "/resources/",
        {"q": nul, "type": nul, "audience": nul, "provider": nul, "tag": nul, "sort": nul},
    )
    assert response.status_code == 200
    assert response.context["facets"].total == 2


# --- Watches: a tag, a saved search, and where to go next -----------------------------------


@HOSTILE
@given(tag=st.one_of(st.just(""), hostile_text), query=hostile_text, next_url=hostile_text)
def test_watch_creation_refuses_or_stores_cleanly(
    officer_client, officer, catalog, tag, query, next_url
):
    with fresh_example():
        before = Watch.objects.count()
        response = officer_client.post(
            "/resources/watching/new/", {"tag": tag, "query": query, "next": next_url}
        )
        assert response.status_code in {302, 404}
        if response.status_code == 302:
            location = response["Location"]
            assert location.startswith("/resources/") and "//" not in location
            assert not any(ord(c) < 32 for c in location)
        for watch in Watch.objects.filter(user=officer):
            assert "\x00" not in watch.query and len(watch.query) <= 500
        assert Watch.objects.count() in {before, before + 1}
        watching = officer_client.get("/resources/watching/")
        assert watching.status_code == 200
        assert_escaped(watching.content.decode())


def test_watch_redirects_only_to_the_catalog(officer_client, catalog):
    for target in ["https://evil.example/", "/resources//evil.example", "/resources/\r\nX: y",
                   "/\\evil.example", "/resources/../admin/"]:  # fmt: skip
        response = officer_client.post("/resources/watching/new/", {"tag": "gis", "next": target})
        assert response["Location"] == "/resources/watching/", target


# --- Imports: all-or-nothing under every bad row, hostile text stored as text ---------------

HEADER = ["title", "url", "resource_type", "tags", "provider", "audience", "description", "status"]
GOOD_ROW = {
    "title": "Good row",
    "url": "https://example.ct.gov/good",
    "resource_type": "guidance",
    "tags": "gis",
    "provider": "OPM",
    "audience": "analysts",
    "description": "Fine.",
    "status": "published",
}


def csv_text(rows) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


BAD_CELLS = {
    "title": st.one_of(st.just(""), st.text(min_size=301, max_size=400).filter(str.strip)),
    "url": st.one_of(st.just(""), hostile_text.filter(lambda s: not s.startswith("http"))),
    "resource_type": hostile_text.filter(lambda s: s.strip().lower() not in {"", "tool"}),
    "provider": hostile_text.filter(lambda s: s.strip().upper() not in {"", "OPM"}),
    "audience": hostile_text.filter(lambda s: s.strip().lower() not in {"", "analysts"}),
    "status": hostile_text.filter(lambda s: s.strip().lower() not in {"", "draft"}),
    "tags": st.text(min_size=101, max_size=150).filter(lambda s: ";" not in s and s.strip()),
}
bad_rows = st.sampled_from(sorted(BAD_CELLS)).flatmap(
    lambda column: st.tuples(st.just(column), BAD_CELLS[column])
)


def assume_really_bad(column, value):
    """Some generated values are acceptable after stripping (e.g. ' draft'); skip those."""
    stripped = value.strip()
    if column in {"resource_type", "audience", "status"}:
        choices = {"resource_type": ResourceType, "audience": Audience, "status": Status}
        assume(_choice(stripped, choices[column].choices) is None)
    if column == "provider":
        assume(stripped.upper() != "OPM")


@HOSTILE
@given(bad=bad_rows, position=st.integers(min_value=0, max_value=2), nul=st.booleans())
def test_one_bad_row_imports_nothing(catalog, bad, position, nul):
    column, value = bad
    assume_really_bad(column, value)
    with fresh_example():
        before = Resource.objects.count(), Resource.history.count()
        rows = [dict(GOOD_ROW, url=f"https://example.ct.gov/good/{n}") for n in range(3)]
        bad_row = {**GOOD_ROW, "url": "https://example.ct.gov/bad", column: value}
        if nul:  # a NUL byte elsewhere in the row must not get further than validation
            bad_row["description"] = "text\x00more"
        rows.insert(position, bad_row)
        with pytest.raises(ImportRejected) as rejected:
            import_resources(io.StringIO(csv_text(rows)))
        assert all(e.startswith("line ") for e in rejected.value.errors)
        assert (Resource.objects.count(), Resource.history.count()) == before


@HOSTILE
@given(title=hostile_text, description=hostile_text, tags=hostile_text)
def test_hostile_text_is_refused_or_stored_and_shown_escaped(
    curator_client, catalog, title, description, tags
):
    with fresh_example():
        before = Resource.objects.count()
        row = dict(GOOD_ROW, title=title, description=description, tags=tags)
        try:
            import_resources(io.StringIO(csv_text([row])))
        except ImportRejected as exc:
            assert exc.errors and all(e.startswith("line ") for e in exc.errors)
            assert Resource.objects.count() == before
            return
        resource = Resource.objects.get(url=GOOD_ROW["url"])
        assert resource.title == title.strip()
        for url in [resource.get_absolute_url(), "/resources/", "/admin/hub/resource/"]:
            response = curator_client.get(url)
            assert response.status_code == 200, url
            assert_escaped(response.content.decode())


def test_a_nul_byte_anywhere_is_a_line_numbered_error(catalog):
    rows = [GOOD_ROW, dict(GOOD_ROW, url="https://example.ct.gov/x", title="Bad\x00title")]
    with pytest.raises(ImportRejected) as rejected:
        import_resources(io.StringIO(csv_text(rows)))
    assert rejected.value.errors == ["line 3: contains a NUL character"]
    assert not Resource.objects.filter(url=GOOD_ROW["url"]).exists()


@HOSTILE
@given(content=st.binary(max_size=2000))
def test_any_uploaded_bytes_get_an_answer(curator_client, catalog, content):
    with fresh_example():
        before = Resource.objects.count()
        upload = SimpleUploadedFile("resources.csv", content, content_type="text/csv")
        response = curator_client.post("/admin/hub/resource/import/", {"file": upload})
        assert response.status_code in {200, 302}
        if response.status_code == 200:
            assert Resource.objects.count() == before
            assert_escaped(response.content.decode())


def test_a_file_that_is_not_utf8_text_is_refused(curator_client, catalog):
    upload = SimpleUploadedFile("r.csv", b"title,url\n\xff\xfe\x00bad", content_type="text/csv")
    response = curator_client.post("/admin/hub/resource/import/", {"file": upload})
    assert response.status_code == 200
    assert "not UTF-8 text" in response.content.decode()


def test_a_huge_file_is_refused_before_reading(curator_client, catalog):
    huge = csv_text([GOOD_ROW]).encode() + b"x" * (6 * 1024 * 1024)
    upload = SimpleUploadedFile("r.csv", huge, content_type="text/csv")
    response = curator_client.post("/admin/hub/resource/import/", {"file": upload})
    assert response.status_code == 200
    assert "larger than" in response.content.decode()
    assert not Resource.objects.filter(url=GOOD_ROW["url"]).exists()


def test_a_huge_cell_is_a_line_numbered_error(catalog):
    rows = [GOOD_ROW, dict(GOOD_ROW, url="https://example.ct.gov/x", description="d" * 300_000)]
    with pytest.raises(ImportRejected) as rejected:
        import_resources(io.StringIO(csv_text(rows)))
    assert rejected.value.errors[0].startswith("line 3:")
    assert Resource.objects.count() == 2


def test_the_import_command_reports_bad_bytes_cleanly(tmp_path, catalog):
    from django.core.management import CommandError, call_command

    path = tmp_path / "r.csv"
    path.write_bytes(b"title,url,resource_type,tags,provider\n\xff\xfebad,,,,\n")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_resources", str(path), stderr=io.StringIO())


USER_HEADER = ["email", "first_name", "last_name", "agency", "group", "password"]
GOOD_USER = {
    "email": "ann@example.ct.gov",
    "first_name": "Ann",
    "last_name": "Lee",
    "agency": "OPM",
    "group": "Data officers",
    "password": "",
}


@HOSTILE
@given(column=st.sampled_from(USER_HEADER), value=hostile_text, position=st.integers(0, 1))
def test_import_users_refuses_or_imports_whole(catalog, column, value, position):
    with fresh_example():
        before = User.objects.count()
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=USER_HEADER)
        writer.writeheader()
        rows = [dict(GOOD_USER, email=f"good{n}@example.ct.gov") for n in range(2)]
        rows.insert(position, {**GOOD_USER, column: value})
        writer.writerows(rows)
        try:
            summary = import_users(io.StringIO(out.getvalue()))
        except ImportRejected as exc:
            assert exc.errors and all(e.startswith("line ") for e in exc.errors)
            assert User.objects.count() == before
        else:
            assert summary.created + summary.updated == 3
            assert User.objects.count() == before + summary.created


# --- Export: no generated text becomes a spreadsheet formula --------------------------------


@HOSTILE
@given(
    title=st.text(min_size=1, max_size=80).filter(lambda s: "\x00" not in s and s.strip()),
    description=st.text(max_size=80).filter(lambda s: "\x00" not in s),
    prefix=st.sampled_from(["", *FORMULA_STARTS, " =", "\n="]),
)
def test_export_never_starts_a_cell_like_a_formula(catalog, title, description, prefix):
    with fresh_example():
        ResourceFactory(title=prefix + title, description=prefix + description)
        rows = list(csv.reader(io.StringIO(export_csv(Resource.objects.all()))))
        for row in rows[1:]:
            for cell in row:
                assert not cell.lstrip(" \n").startswith(FORMULA_STARTS), cell
        assert safe_cell(prefix + title) in {row[0] for row in rows[1:]}


# --- Admin forms: resource add/change, changelist search, tag names -------------------------


@pytest.mark.parametrize(
    "title", ["Bell\x07 title", "Escape \x1b[31m red", "Two\nlines", "C1 \x85 x"]
)
def test_control_characters_in_a_title_are_refused_like_elsewhere(curator_client, catalog, title):
    """The sharing forms refuse them; the catalog's admin form and CSV import now do too."""
    response = curator_client.post(
        "/admin/hub/resource/add/",
        {
            "title": title, "slug": "", "url": "https://example.ct.gov/ctl", "description": "",
            "tags": "", "resource_type": "tool", "audience": "all_staff", "cost": "free",
            "status": "draft",
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert not Resource.objects.filter(url="https://example.ct.gov/ctl").exists()
    with pytest.raises(ImportRejected) as rejected:
        import_resources(io.StringIO(csv_text([dict(GOOD_ROW, title=title)])))
    assert rejected.value.errors == ["line 2: title contains a control character or a line break"]


@HOSTILE
@given(title=hostile_text, description=hostile_text, tags=hostile_text, slug=hostile_text)
# Found by hypothesis: a tag longer than the tag table's 100 characters was a server error.
@example(title="Long tag", description="", tags="0" * 700, slug="long-tag")
def test_admin_resource_form_refuses_or_stores_escaped(
    curator_client, catalog, title, description, tags, slug
):
    with fresh_example():
        before = Resource.objects.count()
        response = curator_client.post(
            "/admin/hub/resource/add/",
            {
                "title": title, "slug": slug, "url": "https://example.ct.gov/admin-form",
                "description": description, "tags": tags, "resource_type": "tool",
                "audience": "all_staff", "cost": "free", "status": "published",
            },
        )  # fmt: skip
        assert response.status_code in {200, 302}
        if response.status_code == 200:
            assert Resource.objects.count() == before
            assert_escaped(response.content.decode())
        else:
            resource = Resource.objects.get(url="https://example.ct.gov/admin-form")
            page = curator_client.get(resource.get_absolute_url())
            assert page.status_code == 200
            assert_escaped(page.content.decode())


@HOSTILE
@given(term=hostile_text, status=hostile_text)
def test_admin_changelist_search_answers_any_term(curator_client, catalog, term, status):
    with fresh_example():
        response = curator_client.get("/admin/hub/resource/", {"q": term})
        if "\x00" in term:  # refused like any invalid lookup: back to the list, flagged
            assert response.status_code == 302 and response["Location"].endswith("?e=1")
        else:
            assert response.status_code == 200
            assert_escaped(response.content.decode())
        filtered = curator_client.get("/admin/hub/resource/", {"status__exact": status})
        assert filtered.status_code in {200, 302}


# --- Uploaded resource files: size and type, by content --------------------------------------

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def add_with_file(client, upload):
    return client.post(
        "/admin/hub/resource/add/",
        {
            "title": "A file", "slug": "a-file", "url": "", "file": upload, "description": "",
            "tags": "", "resource_type": "template", "audience": "all_staff", "cost": "free",
            "status": "draft",
        },
    )  # fmt: skip


def test_a_real_pdf_is_accepted(curator_client, catalog, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    response = add_with_file(curator_client, SimpleUploadedFile("guide.pdf", PDF))
    assert response.status_code == 302
    assert Resource.objects.get(slug="a-file").file.name.endswith(".pdf")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("guide.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100, "does not look like"),
        ("guide.pdf", b"<html><script>alert(1)</script></html>", "does not look like"),
        ("page.html", b"<html><script>alert(1)</script></html>", "File type not allowed"),
        ("run.exe", b"MZ\x90\x00", "File type not allowed"),
        ("data.csv", b"a,b\n\x00\x01\x02", "does not look like"),
        ("sheet.xlsx", b"not a zip at all", "does not look like"),
        ("guide.pdf", PDF + b"x" * (21 * 1024 * 1024), "larger than"),
    ],
)
def test_uploaded_files_are_checked_by_size_and_content(
    curator_client, catalog, tmp_path, settings, name, content, message
):
    settings.MEDIA_ROOT = tmp_path
    response = add_with_file(curator_client, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Resource.objects.filter(slug="a-file").exists()


@HOSTILE
@given(content=st.binary(max_size=600), name=st.sampled_from(["a.pdf", "a.docx", "a.csv",
                                                              "a.png", "a.txt"]))  # fmt: skip
def test_any_upload_is_refused_or_matches_its_type(
    curator_client, catalog, tmp_path_factory, content, name
):
    from django.test import override_settings

    with fresh_example(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        response = add_with_file(curator_client, SimpleUploadedFile(name, content))
        assert response.status_code in {200, 302}
        if response.status_code == 302:
            assert name.endswith((".csv", ".txt")) or content.startswith(b"%PDF-")


@HOSTILE
@given(name=hostile_text, slug=hostile_text, url=hostile_text)
def test_admin_tag_and_resource_url_fields_refuse_or_store(
    curator_client, catalog, name, slug, url
):
    with fresh_example():
        tag = Resource.objects.get(title="Python training").tags.get()
        response = curator_client.post(
            f"/admin/taggit/tag/{tag.pk}/change/", {"name": name, "slug": slug}
        )
        assert response.status_code in {200, 302}
        if response.status_code == 302:
            tag.refresh_from_db()
            assert tag.name == name.strip().lower()
            listing = curator_client.get("/resources/tags/")
            assert listing.status_code == 200
            assert_escaped(listing.content.decode())
        added = curator_client.post(
            "/admin/hub/resource/add/",
            {"title": "Hostile url", "slug": "hostile-url", "url": url, "resource_type": "tool",
             "audience": "all_staff", "cost": "free", "status": "published"},
        )  # fmt: skip
        assert added.status_code in {200, 302}
        if added.status_code == 302:
            page = curator_client.get("/resources/hostile-url/")
            assert page.status_code == 200
            assert 'href="javascript:' not in page.content.decode().lower()


@HOSTILE
@given(target=hostile_text, selected=st.lists(hostile_text, max_size=3))
def test_tag_merge_form_refuses_bad_choices(curator_client, catalog, target, selected):
    with fresh_example():
        tags_before = sorted(Tag.objects.values_list("name", flat=True))
        response = curator_client.post(
            "/admin/taggit/tag/",
            {"action": "merge", "_selected_action": selected, "apply": "1", "target": target},
        )
        assert response.status_code in {200, 302}
        assert sorted(Tag.objects.values_list("name", flat=True)) == tags_before


def test_editing_keeps_an_accepted_file_without_checking_it_again(
    curator_client, catalog, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    add_with_file(curator_client, SimpleUploadedFile("guide.pdf", PDF))
    resource = Resource.objects.get(slug="a-file")
    response = curator_client.post(
        f"/admin/hub/resource/{resource.pk}/change/",
        {"title": "A file, renamed", "slug": "a-file", "url": "", "description": "",
         "tags": "", "resource_type": "template", "audience": "all_staff", "cost": "free",
         "status": "draft"},
    )  # fmt: skip
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.title == "A file, renamed" and resource.file.name.endswith(".pdf")
    replaced = curator_client.post(
        f"/admin/hub/resource/{resource.pk}/change/",
        {"title": "A file", "slug": "a-file", "url": "", "description": "", "tags": "",
         "file": SimpleUploadedFile("guide.pdf", b"MZ\x90\x00 not a pdf"),
         "resource_type": "template", "audience": "all_staff", "cost": "free",
         "status": "draft"},
    )  # fmt: skip
    assert replaced.status_code == 200 and "does not look like a PDF" in replaced.text
