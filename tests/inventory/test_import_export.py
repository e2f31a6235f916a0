"""CSV and Excel import (all-or-nothing, line numbers, idempotent on agency + identifier)
and export of what the user may see."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from config.csv_import import ImportRejected
from inventory.models import Dataset
from inventory.transfer import COLUMNS, import_datasets
from tests.inventory.factories import DatasetFactory

HEADER = (
    "agency,identifier,title,classification,owner_email,keywords,categories,"
    "update_frequency,high_value,high_value_reason\n"
)


def _csv(text, name="inventory.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


GOOD = HEADER + (
    "DOL,QCEW,Quarterly census,public,dana@example.ct.gov,employment; wages,,quarterly,no,\n"
    "DOL,UI,UI claims,confidential,dana@example.ct.gov,claims,ui_wage_records,weekly,yes,"
    "Federal reporting\n"
)


def test_import_creates_then_is_idempotent(dol, dol_officer):
    summary = import_datasets(_csv(GOOD), dol_officer)
    assert (summary.created, summary.updated, summary.unchanged) == (2, 0, 0)
    ui = Dataset.objects.get(agency=dol, identifier="UI")
    assert ui.high_value and [c.key for c in ui.categories.all()] == ["ui_wage_records"]
    assert ui.history.count() == 1
    again = import_datasets(_csv(GOOD), dol_officer)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    changed = GOOD.replace("UI claims", "UI claims file")
    third = import_datasets(_csv(changed), dol_officer)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 1)
    assert Dataset.objects.count() == 2


def test_one_bad_row_rejects_the_file_with_line_numbers(dol, dol_officer):
    bad = GOOD + (
        "XXX,A1,Unknown agency,public,dana@example.ct.gov,,,,no,\n"
        "DOL,A2,Bad class,secret,dana@example.ct.gov,,,,no,\n"
        "DOL,A3,High no reason,public,dana@example.ct.gov,,,,yes,\n"
        "DOL,QCEW,Repeat,public,dana@example.ct.gov,,,,no,\n"
    )
    with pytest.raises(ImportRejected) as rejected:
        import_datasets(_csv(bad), dol_officer)
    errors = rejected.value.errors
    assert any(e.startswith("line 4: unknown agency") for e in errors)
    assert any(e.startswith("line 5: unknown classification") for e in errors)
    assert any(e.startswith("line 6: high_value_reason") for e in errors)
    assert any(e.startswith("line 7: agency and identifier repeat line 2") for e in errors)
    assert not Dataset.objects.exists()


def test_officer_imports_only_own_agency(dss, dol_officer):
    text = HEADER + "DSS,S1,SNAP,public,dana@example.ct.gov,,,,no,\n"
    with pytest.raises(ImportRejected) as rejected:
        import_datasets(_csv(text), dol_officer)
    assert rejected.value.errors == [
        "line 2: you may import only your own agency's entries, not DSS"
    ]


def test_missing_column_is_refused(dol_officer):
    with pytest.raises(ImportRejected) as rejected:
        import_datasets(_csv("agency,title\nDOL,x\n"), dol_officer)
    assert rejected.value.errors[0].startswith("line 1: missing column(s): identifier")


def test_excel_import_uses_row_numbers(dol, dol_officer):
    book = Workbook()
    sheet = book.active
    sheet.append(["agency", "identifier", "title", "classification", "owner_email"])
    sheet.append(["DOL", "X1", "Excel one", "public", "dana@example.ct.gov"])
    sheet.append(["DOL", "X2", "Excel two", "nope", "dana@example.ct.gov"])
    out = io.BytesIO()
    book.save(out)
    upload = SimpleUploadedFile("inventory.xlsx", out.getvalue())
    with pytest.raises(ImportRejected) as rejected:
        import_datasets(upload, dol_officer)
    assert rejected.value.errors == ["line 3: unknown classification 'nope'"]


def test_import_page_shows_errors_and_imports(client, dol, dol_officer):
    client.force_login(dol_officer)
    response = client.post(
        reverse("inventory:import"), {"file": _csv(HEADER + "DOL,,x,public,a@b.gov,,,,no,\n")}
    )
    assert (
        response.status_code == 400
        and "line 2: identifier is required" in response.content.decode()
    )
    response = client.post(reverse("inventory:import"), {"file": _csv(GOOD)})
    assert response.status_code == 302 and Dataset.objects.count() == 2


def test_export_round_trips_and_hides_what_user_may_not_see(
    client, dol, sde_officer, dol_officer, restricted
):
    DatasetFactory(agency=dol, identifier="PUB", title="=HYPERLINK(1)", classification="public")
    client.force_login(sde_officer)
    rows = list(
        csv.reader(io.StringIO(client.get(reverse("inventory:export_csv")).content.decode()))
    )
    assert rows[0] == COLUMNS
    assert [r[1] for r in rows[1:]] == ["PUB"]
    assert rows[1][2] == "'=HYPERLINK(1)"  # formula guard
    client.force_login(dol_officer)
    exported = client.get(reverse("inventory:export_csv")).content
    assert b"Zebracorn" in exported
    # The export imports back unchanged (the template is the export's columns).
    restricted_text = exported.decode().replace("'=HYPERLINK(1)", "=HYPERLINK(1)")
    summary = import_datasets(_csv(restricted_text), dol_officer)
    assert (summary.created, summary.updated) == (0, 0)


def test_excel_export(client, dol, dol_officer, restricted):
    client.force_login(dol_officer)
    response = client.get(reverse("inventory:export_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == COLUMNS and rows[1][1] == "UI-WAGE"
