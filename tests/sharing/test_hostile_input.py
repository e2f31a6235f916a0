"""Hostile input on every sharing form and query, through the real views (hypothesis).

Whatever is typed, the answer is a clear validation error (400) or the text is stored as
typed and shown escaped: never a 500 (the test client re-raises any server error, so a
500 fails the test with its traceback). PostgreSQL refuses NUL in text; it must come back
as a validation error, not as a database error.
"""

import csv
import io
import json
import re

import pytest
from django.utils.html import escape
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from accounts.models import Agency
from hub.formula_guard import FORMULA_STARTS, safe_cell
from hub.input_checks import CONTROL_CHARACTERS, LINE_BREAKS
from sharing.models import RequestAttachment, SharingRequest, State
from tests import factories
from tests.sharing.factories import SharingRequestFactory, executed

pytestmark = pytest.mark.django_db

# The fixtures (agencies, users, a logged-in client) are set-up data that every example may
# share: each example creates the rows it changes, so nothing leaks from one to the next.
# Hence the function-scoped fixture health check is suppressed on purpose, not by habit.
HOSTILE = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE sharing_sharingrequest; --",
    "1 OR 1=1",
    "%' OR '1'='1",
    '=HYPERLINK("http://evil.example/","x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "\x00",
    "a\x00b",
    "\r\nBcc: victim@example.com",
    "{{ 7|add:7 }}{% debug %}",
    "%s%s%n",
    "\u202egnp.exe",
    "\u2028line\u2029",
    "ℌ𝔢𝔩𝔩𝔬 💥 日本語 عربى",
    "\x1b[31mred",
    "\ufeff\ufffe",
]
ANY_CHARACTER = st.characters(codec="utf-8")  # includes NUL and every control character
hostile_text = st.one_of(
    st.text(ANY_CHARACTER, max_size=300),
    st.sampled_from(PAYLOADS),
    st.tuples(st.text(max_size=20), st.sampled_from(PAYLOADS), st.text(max_size=20)).map("".join),
    st.integers(min_value=1000, max_value=70_000).map(lambda n: "A" * n),
)
MARKUP = re.compile(r"<\s*(script|img|svg|iframe)", re.IGNORECASE)


def has_control(text: str) -> bool:
    return bool(CONTROL_CHARACTERS.search(text))


def assert_escaped(html: str, text: str) -> None:
    """Markup the user typed never reaches the page as markup."""
    if MARKUP.search(text):
        for match in MARKUP.finditer(text):
            snippet = text[match.start() : match.start() + 12]
            assert snippet not in html


@pytest.fixture
def requester_client(client, requester):
    client.force_login(requester)
    return client


def new_draft(requester, sde):
    return SharingRequestFactory(
        requesting_agency=requester.agency, providing_agency=sde, created_by=requester
    )


# Wizard steps ------------------------------------------------------------------------------


@HOSTILE
@given(title=hostile_text)
def test_parties_step_title(requester_client, requester, sde, title):
    before = SharingRequest.objects.count()
    response = requester_client.post(
        "/sharing/requests/new/",
        # Past the duplicates question: earlier examples left drafts for the same agencies.
        {"title": title, "providing_agency": sde.pk, "acknowledged": "1"},
    )
    cleaned = title.strip()  # as Django's CharField does before validating
    must_refuse = (
        has_control(cleaned)
        or bool(LINE_BREAKS.search(cleaned))
        or not cleaned
        or len(cleaned) > 200
    )
    if must_refuse:
        assert response.status_code == 200  # the step is shown again with its error
        assert b"invalid-feedback" in response.content or b"is-invalid" in response.content
        assert SharingRequest.objects.count() == before
        assert_escaped(response.content.decode(), title)
    else:
        assert response.status_code == 302
        sr = SharingRequest.objects.latest("pk")
        assert sr.title == cleaned
        page = requester_client.get(f"/sharing/requests/{sr.pk}/").content.decode()
        assert escape(cleaned) in page
        assert_escaped(page, cleaned)


@HOSTILE
@given(purpose=hostile_text, authority=hostile_text)
def test_purpose_step(requester_client, requester, sde, purpose, authority):
    sr = new_draft(requester, sde)
    response = requester_client.post(
        f"/sharing/requests/{sr.pk}/edit/purpose/",
        {"purpose": purpose, "legal_authority": authority, "version": sr.version},
    )
    refused = any(has_control(t.strip()) or not t.strip() for t in (purpose, authority))
    sr.refresh_from_db()
    if refused:
        assert response.status_code == 200
        assert sr.purpose == "Evaluate the workforce program."  # nothing half-saved
        assert_escaped(response.content.decode(), purpose + authority)
    else:
        assert response.status_code == 302
        assert (sr.purpose, sr.legal_authority) == (purpose.strip(), authority.strip())
        page = requester_client.get(f"/sharing/requests/{sr.pk}/").content.decode()
        assert_escaped(page, purpose + authority)


@HOSTILE
@given(
    elements=hostile_text,
    categories=st.lists(st.one_of(hostile_text, st.integers().map(str)), max_size=3),
    identifiability=st.one_of(st.sampled_from(["identified", "aggregate"]), hostile_text),
    frequency=st.one_of(st.just("monthly"), hostile_text),
)
def test_data_step(
    requester_client, requester, sde, elements, categories, identifiability, frequency
):
    sr = new_draft(requester, sde)
    response = requester_client.post(
        f"/sharing/requests/{sr.pk}/edit/data/",
        {
            "categories": categories,
            "data_elements": elements,
            "identifiability": identifiability,
            "frequency": frequency,
            "version": sr.version,
        },
    )
    assert response.status_code in (200, 302)
    sr.refresh_from_db()
    if response.status_code == 302:
        assert not has_control(sr.data_elements)
        assert sr.identifiability in ("identified", "aggregate")
    else:
        assert sr.data_elements == "person_id\nquarter\nwages"
    if has_control(elements.strip()):
        assert response.status_code == 200


@HOSTILE
@given(storage=hostile_text, retention=hostile_text, contractor=hostile_text)
def test_security_step(requester_client, requester, sde, storage, retention, contractor):
    sr = new_draft(requester, sde)
    response = requester_client.post(
        f"/sharing/requests/{sr.pk}/edit/security/",
        {
            "storage_security": storage,
            "retention_destruction": retention,
            "contractor_involved": contractor,
            "version": sr.version,
        },
    )
    refused = any(has_control(t.strip()) or not t.strip() for t in (storage, retention))
    assert response.status_code == (200 if refused else 302)
    sr.refresh_from_db()
    if refused:
        assert sr.storage_security == "Encrypted state storage."
    else:
        assert sr.storage_security == storage.strip()
        assert sr.retention_destruction == retention.strip()


@HOSTILE
@given(term=st.one_of(hostile_text, st.integers().map(str), st.floats().map(str)))
def test_term_step(requester_client, requester, sde, term):
    sr = new_draft(requester, sde)
    response = requester_client.post(
        f"/sharing/requests/{sr.pk}/edit/term/", {"term_months": term, "version": sr.version}
    )
    sr.refresh_from_db()
    try:
        valid = 1 <= int(term.strip()) <= 120
    except ValueError:
        valid = False
    assert response.status_code == (302 if valid else 200)
    assert sr.term_months == (int(term.strip()) if valid else 24)


# The action panel, comments ----------------------------------------------------------------


@HOSTILE
@given(reason=hostile_text)
def test_reject_reason(client, requester, provider, sde, reason):
    sr = new_draft(requester, sde)
    SharingRequest.objects.filter(pk=sr.pk).update(state=State.SUBMITTED)
    client.force_login(provider)
    response = client.post(
        f"/sharing/requests/{sr.pk}/actions/",
        {"action": "reject", "comment": reason, "version": sr.version, "confirmed": "1"},
    )
    sr.refresh_from_db()
    refused = has_control(reason.strip()) or not reason.strip() or len(reason.strip()) > 10000
    if refused:
        assert response.status_code == 400
        assert sr.state == State.SUBMITTED and not sr.logs.exists()
        assert_escaped(response.content.decode(), reason)
    else:
        assert response.status_code == 302
        assert sr.state == State.REJECTED
        assert sr.logs.get().comment == reason.strip()
        page = client.get(f"/sharing/requests/{sr.pk}/").content.decode()
        assert_escaped(page, reason)


@HOSTILE
@given(
    action=st.one_of(st.sampled_from(["approve", "submit", "renew", "expire"]), hostile_text),
    version=st.one_of(st.integers().map(str), hostile_text),
    effective=hostile_text,
    expiry=st.one_of(st.just("2030-01-01"), st.just("99999-01-01"), hostile_text),
)
def test_action_panel_fields(client, requester, provider, sde, action, version, effective, expiry):
    sr = new_draft(requester, sde)
    SharingRequest.objects.filter(pk=sr.pk).update(state=State.SUBMITTED)
    client.force_login(provider)
    response = client.post(
        f"/sharing/requests/{sr.pk}/actions/",
        {
            "action": action,
            "version": version,
            "effective_date": effective,
            "expiry_date": expiry,
            "confirmed": "1",
        },
    )
    assert response.status_code in (302, 400, 403, 409)
    sr.refresh_from_db()
    if response.status_code == 302:
        assert action == "approve" and sr.state == State.APPROVED and sr.logs.count() == 1
    else:
        assert sr.state == State.SUBMITTED and not sr.logs.exists()


@HOSTILE
@given(body=hostile_text)
def test_comment_body(client, provider, draft, body):
    client.force_login(provider)
    before = draft.comments.count()
    response = client.post(f"/sharing/requests/{draft.pk}/comments/", {"body": body})
    refused = has_control(body.strip()) or not body.strip() or len(body.strip()) > 10000
    assert response.status_code == (400 if refused else 302)
    assert draft.comments.count() == before + (0 if refused else 1)
    if not refused:
        assert draft.comments.latest("pk").body == body.strip()
        page = client.get(f"/sharing/requests/{draft.pk}/").content.decode()
        assert_escaped(page, body)
    else:
        assert_escaped(response.content.decode(), body)


# Attachments -------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def docx_bytes() -> bytes:
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    return buffer.getvalue()


def zip_bytes(name: str) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr(name, "<x/>")
    return buffer.getvalue()


def upload(client, sr, name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        f"/sharing/requests/{sr.pk}/attachments/", {"file": SimpleUploadedFile(name, content)}
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"<html><script>alert(1)</script></html>", "not a .pdf file"),
        ("report.pdf", b"  %PDF-1.7 but not at the start", "not a .pdf file"),
        ("plan.docx", b"PK\x03\x04 a zip header and nothing else", "not a .docx file"),
        ("plan.docx", zip_bytes("evil.html"), "not a .docx file"),
        ("sheet.xlsx", zip_bytes("word/document.xml"), "not a .xlsx file"),
        ("notes.txt", b"<!DOCTYPE html><html><body>x</body></html>", "web page or script"),
        ("data.csv", b"\xef\xbb\xbf  <script>alert(1)</script>", "web page or script"),
        ("image.svg", b"<svg onload=alert(1)>", "type of file is not accepted"),
        ("page.html", b"<html></html>", "type of file is not accepted"),
        ("report.pdf.html", b"%PDF-1.7", "type of file is not accepted"),
        ("empty.txt", b"", "empty"),
    ],
)
def test_upload_content_sniffed(requester_client, draft, media, name, content, message):
    response = upload(requester_client, draft, name, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not RequestAttachment.objects.exists()
    assert not any(media.rglob("*.*"))


def test_real_office_file_accepted(requester_client, draft, media):
    response = upload(requester_client, draft, "agreement.docx", docx_bytes())
    assert response.status_code == 302
    assert draft.attachments.get().content_type.endswith("wordprocessingml.document")


def test_huge_upload_refused_and_limit_accepted(requester_client, draft, media):
    limit = 10 * 1024 * 1024
    assert upload(requester_client, draft, "big.csv", b"a" * (limit + 1)).status_code == 400
    assert upload(requester_client, draft, "ok.csv", b"a" * limit).status_code == 302
    assert draft.attachments.get().size == limit


CONTENTS = {
    "pdf": b"%PDF-1.7 plan",
    "txt": "plain text ✓\n".encode(),
    "csv": b"a,b\n1,2\n",
    "png": b"\x89PNG\r\n\x1a\n....",
}


@HOSTILE
@given(
    stem=hostile_text.filter(lambda t: len(t) < 5000),
    extension=st.sampled_from([*CONTENTS, "PDF", "exe", "html", ""]),
    content=st.one_of(st.sampled_from(list(CONTENTS.values())), st.binary(max_size=300)),
)
def test_upload_any_name_and_content(requester_client, draft, media, stem, extension, content):
    name = f"{stem}.{extension}" if extension else stem
    # A browser cannot send a file without a name: Django's test upload refuses to build one.
    assume(name.replace("\\", "/").rsplit("/", 1)[-1] not in {"", ".", ".."})
    before = draft.attachments.count()
    response = upload(requester_client, draft, name, content)
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        attachment = draft.attachments.latest("pk")
        stored = attachment.file.name.rsplit("/", 1)[-1]
        assert re.fullmatch(r"[A-Za-z0-9._-]+", stored) and len(stored.encode()) < 200
        assert not has_control(attachment.name) and not LINE_BREAKS.search(attachment.name)
        kind = stored.rsplit(".", 1)[-1]
        assert kind in CONTENTS
        if kind in ("pdf", "png"):
            assert content == CONTENTS[kind]
        else:
            assert b"\x00" not in content and not content.lstrip().startswith(b"<")
            content.decode("utf-8")
        download = requester_client.get(
            f"/sharing/requests/{draft.pk}/attachments/{attachment.pk}/"
        )
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == content
        assert download["Content-Disposition"].startswith("attachment")
        assert "\n" not in download["Content-Disposition"]
    else:
        assert draft.attachments.count() == before


# Queries: register filters, advice.json, guidance search, the work queue --------------------


@HOSTILE
@given(
    agency=st.one_of(hostile_text, st.integers().map(str), st.just("9" * 30)),
    category=hostile_text,
    status=hostile_text,
    expires=st.one_of(hostile_text, st.just("2030-01-01"), st.just("99999-12-31")),
    page=st.one_of(hostile_text, st.just("9" * 30)),
)
def test_register_filters(requester_client, agency, category, status, expires, page):
    params = {
        "agency": agency,
        "category": category,
        "status": status,
        "expires_before": expires,
        "page": page,
    }
    bad = any(has_control(v) for v in params.values())
    for url in ("/sharing/register/", "/sharing/register.csv", "/sharing/register/matrix/"):
        response = requester_client.get(url, params)
        assert response.status_code == (400 if bad and "matrix" not in url else 200)
        if url.endswith("/register/"):
            assert_escaped(response.content.decode(), "".join(params.values()))


@HOSTILE
@given(
    categories=st.lists(
        st.one_of(hostile_text, st.sampled_from(["health_phi", "aggregate_public"])), max_size=4
    ),
    identifiability=st.one_of(st.sampled_from(["identified", "aggregate"]), hostile_text),
    purpose=hostile_text,
    requesting=st.one_of(st.just("DOL"), hostile_text),
    contractor=hostile_text,
)
def test_advice_json_parameters(
    requester_client, dol, categories, identifiability, purpose, requesting, contractor
):
    params = {
        "category": categories,
        "identifiability": identifiability,
        "purpose": purpose,
        "requesting_agency": requesting,
        "contractor": contractor,
    }
    response = requester_client.get("/sharing/advice.json", params)
    assert response.status_code in (200, 400)
    assert response["Content-Type"] == "application/json"
    answer = json.loads(response.content)
    if any(has_control(v) for v in [*categories, identifiability, purpose, requesting, contractor]):
        assert response.status_code == 400 and "control characters" in answer["error"]
    if response.status_code == 200:
        assert answer["purpose"] == purpose.strip()
        assert set(answer["categories"]) <= {"health_phi", "aggregate_public"}
    else:
        assert answer["error"]


@HOSTILE
@given(query=hostile_text, category=hostile_text)
def test_guidance_search_and_advisor(requester_client, query, category):
    bad = has_control(query) or has_control(category)
    response = requester_client.get("/sharing/", {"q": query, "category": category})
    assert response.status_code == (400 if bad else 200)
    assert_escaped(response.content.decode(), query + category)
    if bad:
        assert "control characters" in response.content.decode()
    response = requester_client.get(
        "/sharing/advisor/", {"category": [category, "health_phi"], "identifiability": query}
    )
    assert response.status_code == (400 if bad else 200)
    assert_escaped(response.content.decode(), query + category)


@HOSTILE
@given(q=hostile_text, state=hostile_text, view=hostile_text, page=hostile_text)
def test_work_queue_filters(requester_client, draft, q, state, view, page):
    params = {"q": q, "state": state, "view": view, "page": page}
    response = requester_client.get("/sharing/requests/", params)
    bad = any(has_control(v) for v in params.values())
    assert response.status_code == (400 if bad else 200)
    assert_escaped(response.content.decode(), "".join(params.values()))


# CSV export and agreement draft with stored hostile text ------------------------------------


@given(text=st.one_of(hostile_text, st.sampled_from(FORMULA_STARTS).map(lambda c: c + "1+1")))
def test_safe_cell_never_starts_a_formula(text):
    cell = safe_cell(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell in (text, "'" + text)


@HOSTILE
@given(
    names=st.lists(
        st.one_of(
            st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=200),
            st.sampled_from(FORMULA_STARTS).map(lambda c: c + 'HYPERLINK("http://x")'),
        )
        .map(str.strip)
        .filter(bool),
        min_size=2,
        max_size=2,
        unique=True,
    )
)
def test_register_csv_neutralises_formulas(requester_client, names):
    SharingRequest.objects.all().delete()
    for code in ("PA", "RA"):  # free the names the previous example used
        Agency.objects.filter(code=code).update(name=f"placeholder {code} 7f3a9c")
    assume(not Agency.objects.filter(name__in=names).exists())
    providing = factories.AgencyFactory(code="PA")
    receiving = factories.AgencyFactory(code="RA")
    providing.name, receiving.name = names
    providing.save()
    receiving.save()
    executed(providing_agency=providing, requesting_agency=receiving)
    response = requester_client.get("/sharing/register.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode(), newline="")))
    assert len(rows) == 2
    for cell in rows[1]:
        assert not cell.startswith(FORMULA_STARTS)
    assert rows[1][-2:] == [safe_cell(names[0]), safe_cell(names[1])]


@HOSTILE
@given(text=st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=200))
def test_agreement_draft_with_any_stored_text(requester_client, requester, sde, text):
    """Text that reached the database another way (admin, import) still makes a .docx."""
    from docx import Document

    sr = SharingRequestFactory(
        title=text[:200],
        requesting_agency=requester.agency,
        providing_agency=sde,
        created_by=requester,
        purpose=text,
        data_elements=text + "\n" + text,
    )
    response = requester_client.get(f"/sharing/requests/{sr.pk}/agreement.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    assert document.paragraphs[1].text.startswith(f"Sharing request #{sr.pk}")


def test_huge_form_body_refused(client, provider, draft):
    """Past Django's 2.5 MB form limit the answer is a 400, and nothing is stored."""
    client.force_login(provider)
    response = client.post(
        f"/sharing/requests/{draft.pk}/comments/", {"body": "x" * (3 * 1024 * 1024)}
    )
    assert response.status_code == 400
    assert not draft.comments.exists()


@pytest.mark.parametrize(
    "path",
    [
        "{pk}/",
        "{pk}/edit/purpose/",
        "{pk}/agreement.docx",
        "{pk}/attachments/{pk}/",
        "1/attachments/{pk}/",
    ],
)
def test_out_of_range_ids_are_404(requester_client, path):
    huge = "9" * 30  # past bigint: the lookup must not reach PostgreSQL as an error
    url = "/sharing/requests/" + path.format(pk=huge)
    assert requester_client.get(url).status_code == 404


@pytest.mark.parametrize("suffix", ["actions/", "comments/", "attachments/"])
def test_out_of_range_ids_are_404_on_post(requester_client, suffix):
    url = f"/sharing/requests/{'9' * 30}/{suffix}"
    assert requester_client.post(url, {"body": "x", "action": "submit"}).status_code == 404


def test_out_of_range_agency_in_wizard(requester_client):
    response = requester_client.post(
        "/sharing/requests/new/", {"title": "Wages", "providing_agency": "9" * 30}
    )
    assert response.status_code == 200
    assert not SharingRequest.objects.exists()
