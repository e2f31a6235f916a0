"""Dates from the term (expiry from the effective date and the requested term; renewals
from the current expiry) and the register's filters and 90-day highlight."""

import datetime

import pytest

from sharing import workflow
from sharing.models import State
from tests.sharing.factories import SharingRequestFactory, executed, signed_agreement

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
iso = datetime.date.fromisoformat


@pytest.mark.parametrize(
    ("start", "months", "expiry"),
    [
        ("2026-01-01", 24, "2027-12-31"),
        ("2026-03-15", 12, "2027-03-14"),
        ("2026-01-31", 1, "2026-02-27"),  # no Feb 31: the month's last day, less one
        ("2024-02-29", 12, "2025-02-27"),
    ],
)
def test_term_expiry(start, months, expiry):
    assert workflow.term_expiry(iso(start), months) == iso(expiry)


def test_add_months_clamps_to_the_month_end():
    assert workflow.add_months(iso("2026-01-31"), 1) == iso("2026-02-28")
    assert workflow.add_months(iso("2026-11-30"), 3) == iso("2027-02-28")


def test_expiry_defaults_from_the_term_and_renewal_extends(
    client, draft, requester, sharing_reviewer
):
    draft.term_months = 24
    draft.state = State.APPROVED
    draft.save()
    signed_agreement(draft, sharing_reviewer)
    client.force_login(sharing_reviewer)
    page = client.get(f"/sharing/requests/{draft.pk}/").content.decode()
    expected = workflow.term_expiry(TODAY, 24)
    assert f'name="effective_date" value="{TODAY.isoformat()}"' in page
    assert f'name="expiry_date" value="{expected.isoformat()}"' in page
    assert "requested term of 24 months" in page
    effective = iso("2026-01-01")
    workflow.apply_transition(
        draft.pk, sharing_reviewer, "mark_executed", version=draft.version, effective_date=effective
    )
    draft.refresh_from_db()
    assert (draft.effective_date, draft.expiry_date) == (effective, iso("2027-12-31"))
    page = client.get(f"/sharing/requests/{draft.pk}/").content.decode()
    assert 'name="expiry_date" value="2029-12-31"' in page  # one more term, pre-filled
    workflow.apply_transition(draft.pk, sharing_reviewer, "renew", version=draft.version)
    draft.refresh_from_db()
    assert draft.expiry_date == iso("2029-12-31")  # from the current expiry, not today


def test_an_entered_expiry_wins(draft, sharing_reviewer):
    draft.state = State.APPROVED
    draft.save()
    signed_agreement(draft, sharing_reviewer)
    workflow.apply_transition(
        draft.pk,
        sharing_reviewer,
        "mark_executed",
        version=draft.version,
        effective_date=iso("2026-01-01"),
        expiry_date=iso("2026-06-30"),
    )
    draft.refresh_from_db()
    assert draft.expiry_date == iso("2026-06-30")


@pytest.fixture
def agreements(dol, sde, dcf):
    return {
        "students": executed(
            title="Students soon",
            requesting_agency=dol,
            providing_agency=sde,
            categories=["education_records"],
            expiry_date=TODAY + datetime.timedelta(days=20),
        ),
        "wages": executed(
            title="Wages later",
            requesting_agency=sde,
            providing_agency=dol,
            categories=["ui_wage_records"],
            expiry_date=TODAY + datetime.timedelta(days=200),
        ),
        "lapsed": executed(
            title="Lapsed welfare",
            requesting_agency=dcf,
            providing_agency=dol,
            categories=["child_welfare"],
            effective_date=TODAY - datetime.timedelta(days=400),
            expiry_date=TODAY - datetime.timedelta(days=5),
        ),
    }


def titles(client, **params):
    page = client.get("/sharing/register/", params).content.decode()
    return {t for t in ("Students soon", "Wages later", "Lapsed welfare") if t in page}


def test_register_filters_by_framework_and_expiry_window(client, agreements, requester):
    client.force_login(requester)
    assert titles(client) == {"Students soon", "Wages later", "Lapsed welfare"}
    assert titles(client, framework="ferpa") == {"Students soon"}
    assert titles(client, framework="20-cfr-603") == {"Wages later"}
    assert titles(client, expires_within="30") == {"Students soon"}
    assert titles(client, expires_within="365") == {"Students soon", "Wages later"}
    assert titles(client, expires_within="past") == {"Lapsed welfare"}
    assert titles(
        client, status="executed", agency=str(agreements["wages"].requesting_agency_id)
    ) == {
        "Students soon",
        "Wages later",
    }
    csv_rows = client.get("/sharing/register.csv", {"framework": "ferpa"}).content.decode()
    assert str(agreements["students"].pk) in csv_rows
    assert csv_rows.count("\n") == 2  # the header and the one agreement


def test_register_highlights_agreements_expiring_within_90_days(client, agreements, requester):
    client.force_login(requester)
    page = client.get("/sharing/register/").content.decode()
    assert page.count('data-testid="expiring-soon"') == 1
    row = page[page.index('data-testid="expiring-soon"') :]
    assert "Students soon" in row[: row.index("</tr>")]
    assert "(within 90 days)" in row[: row.index("</tr>")]
    SharingRequestFactory(state=State.DRAFT)  # never in the register


def test_matrix_cells_link_to_the_agreements_behind_them(client, agreements, requester, dol, sde):
    client.force_login(requester)
    page = client.get("/sharing/register/matrix/").content.decode()
    link = f"/sharing/register/?providing={sde.pk}&amp;receiving={dol.pk}&amp;active=1"
    assert f'<a href="{link}"' in page
    assert titles(client, providing=str(sde.pk), receiving=str(dol.pk), active="1") == {
        "Students soon"
    }
    # The lapsed agreement (past expiry) is not behind any active cell.
    assert titles(client, providing=str(dol.pk), active="1") == {"Wages later"}


def test_register_excel_holds_the_csvs_rows_with_typed_dates_and_text_never_formulas(
    client, agreements, requester
):
    import csv
    import io

    from openpyxl import load_workbook

    from accounts.models import Agency

    Agency.objects.filter(pk=agreements["wages"].providing_agency_id).update(
        name='=HYPERLINK("http://x")'
    )
    client.force_login(requester)
    answer = client.get("/sharing/register.xlsx", {"expires_within": "365"})
    assert answer.status_code == 200
    assert answer["Content-Disposition"] == 'attachment; filename="sharing-register.xlsx"'
    sheet = load_workbook(io.BytesIO(answer.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    listed = list(csv.reader(io.StringIO(client.get("/sharing/register.csv").text)))
    assert rows[0] == listed[0]  # the same columns
    by_id = {row[0]: row for row in rows[1:]}
    assert set(by_id) == {agreements["students"].pk, agreements["wages"].pk}  # the filter
    wages = by_id[agreements["wages"].pk]
    columns = rows[0]
    assert wages[columns.index("expiry_date")].date() == agreements["wages"].expiry_date
    cell = sheet.cell(row=1 + 1 + list(by_id).index(agreements["wages"].pk), column=8)
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"  # text, not a formula
