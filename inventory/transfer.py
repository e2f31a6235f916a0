"""CSV and Excel import and export of the inventory (template: docs/inventory-template.md).

Import is all-or-nothing with line numbers (config.csv_import) and idempotent on
(agency, identifier): a known pair updates that entry, an unchanged row writes nothing.
Exports guard formula cells (hub.formula_guard, hub.spreadsheets).
"""

import csv
import datetime
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from openpyxl import Workbook, load_workbook

from accounts.models import Agency, User
from accounts.roles import is_curator
from config.csv_import import ErrorList, ImportRejected, read_rows
from hub.formula_guard import safe_cell
from hub.spreadsheets import append_row
from inventory import services
from inventory.models import Classification, Dataset, DatasetStatus, UpdateFrequency
from sharing.models import DataCategory

REQUIRED_COLUMNS = ["agency", "identifier", "title", "classification"]
COLUMNS = [
    "agency", "identifier", "title", "description", "classification", "owner_email",
    "owner_name", "steward_email", "steward_name", "system", "keywords", "categories",
    "high_value", "high_value_reason", "update_frequency", "temporal_coverage",
    "geographic_coverage", "formats", "access_url", "dictionary_fields", "last_reviewed",
    "status",
]  # fmt: skip
TEXT_LIMITS = {
    "identifier": 100, "title": 300, "owner_name": 200, "steward_name": 200, "system": 200,
    "temporal_coverage": 100, "geographic_coverage": 200, "formats": 200, "access_url": 1000,
}  # fmt: skip
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _choice(value, choices, default=""):
    wanted = value.strip().lower()
    if not wanted:
        return default
    for key, label in choices:
        if wanted in {key, label.lower()}:
            return key
    return None


def _split(value: str) -> list[str]:
    return list(dict.fromkeys(p.strip() for p in value.split(";") if p.strip()))


def xlsx_rows(upload, required):
    """The first sheet's rows as (row number, values), like config.csv_import.read_rows."""
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not xlsx
        raise ImportRejected(["line 1: not readable as an Excel (.xlsx) workbook"]) from exc
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(c or "").strip() for c in next(rows, ())]
    missing = [name for name in required if name not in header]
    if missing:
        raise ImportRejected([f"line 1: missing column(s): {', '.join(missing)}"])
    for number, cells in enumerate(rows, start=2):
        if not any(c not in (None, "") for c in cells):
            continue
        values = dict.fromkeys(header, "")
        for name, cell in zip(header, cells, strict=False):
            if isinstance(cell, datetime.datetime):
                cell = cell.date().isoformat()
            elif isinstance(cell, datetime.date):
                cell = cell.isoformat()
            values[name] = "" if cell is None else str(cell).strip()
        yield number, values
    book.close()


def rows_of(upload):
    name = (getattr(upload, "name", "") or "").lower()
    if name.endswith(".xlsx"):
        return xlsx_rows(upload, REQUIRED_COLUMNS)
    return read_rows(upload, REQUIRED_COLUMNS)


def import_datasets(upload, user) -> ImportSummary:
    """Check every row, then write them all in one transaction (or nothing)."""
    agencies = {a.code.upper(): a for a in Agency.objects.all()}
    categories = {c.key: c for c in DataCategory.objects.all()}
    check_url, check_email = URLValidator(schemes=["http", "https"]), EmailValidator()
    errors = ErrorList()
    planned, seen = [], {}
    emails = set()
    rows = list(rows_of(upload))
    for _line, row in rows:
        emails.update(
            e.lower() for e in (row.get("owner_email", ""), row.get("steward_email", "")) if e
        )
    users = {u.email.lower(): u for u in User.objects.filter(email__in=emails)}
    for line, row in rows:
        fields, m2m = _check_row(
            line, row, user, agencies, categories, errors, check_url, check_email, users
        )
        key = (row["agency"].upper(), row["identifier"])
        if key in seen:
            errors.add(line, f"agency and identifier repeat line {seen[key]}")
        seen[key] = line
        planned.append((fields, m2m))
    errors.raise_if_any()
    return _write(planned, user)


def _check_row(line, row, user, agencies, categories, errors, check_url, check_email, users):
    agency = agencies.get(row["agency"].upper())
    if agency is None:
        errors.add(line, f"unknown agency {row['agency']!r}")
    elif not is_curator(user) and agency.pk != user.agency_id:
        errors.add(line, f"you may import only your own agency's entries, not {agency.code}")
    for name in ("identifier", "title"):
        if not row[name]:
            errors.add(line, f"{name} is required")
    for name, limit in TEXT_LIMITS.items():
        if len(row.get(name, "")) > limit:
            errors.add(line, f"{name} is longer than {limit} characters")
    classification = _choice(row["classification"], Classification.choices)
    if not classification:
        errors.add(line, f"unknown classification {row['classification']!r}")
    frequency = _choice(row.get("update_frequency", ""), UpdateFrequency.choices)
    if frequency is None:
        errors.add(line, f"unknown update_frequency {row['update_frequency']!r}")
    status = _choice(row.get("status", ""), DatasetStatus.choices, DatasetStatus.ACTIVE)
    if status is None:
        errors.add(line, f"unknown status {row['status']!r}")
    high_value_text = row.get("high_value", "").lower()
    if high_value_text not in YES | NO:
        errors.add(line, f"high_value must be yes or no, not {row['high_value']!r}")
    high_value = high_value_text in YES
    if high_value and not row.get("high_value_reason"):
        errors.add(line, "high_value_reason is required for a high-value dataset")
    if row.get("access_url"):
        try:
            check_url(row["access_url"])
        except ValidationError:
            errors.add(line, f"malformed access_url {row['access_url']!r}")
    people = {}
    for role in ("owner", "steward"):
        email = row.get(f"{role}_email", "")
        if email:
            try:
                check_email(email)
            except ValidationError:
                errors.add(line, f"malformed {role}_email {email!r}")
        people[role] = users.get(email.lower()) if email else None
    if not row.get("owner_email"):
        errors.add(line, "owner_email is required")
    reviewed = None
    if row.get("last_reviewed"):
        try:
            reviewed = datetime.date.fromisoformat(row["last_reviewed"])
        except ValueError:
            errors.add(line, f"last_reviewed is not a date (YYYY-MM-DD): {row['last_reviewed']!r}")
    keys = _split(row.get("categories", ""))
    unknown = [k for k in keys if k not in categories]
    if unknown:
        errors.add(line, f"unknown categories: {', '.join(unknown)}")
    keywords = [k.lower() for k in _split(row.get("keywords", ""))]
    if any(len(k) > 100 for k in keywords):
        errors.add(line, "a keyword is longer than 100 characters")
    fields = {
        "agency": agency,
        "identifier": row["identifier"],
        "title": row["title"],
        "description": row.get("description", ""),
        "classification": classification,
        "owner": people["owner"],
        "owner_name": "" if people["owner"] else row.get("owner_name", ""),
        "owner_email": "" if people["owner"] else row.get("owner_email", ""),
        "steward": people["steward"],
        "steward_name": "" if people["steward"] else row.get("steward_name", ""),
        "steward_email": "" if people["steward"] else row.get("steward_email", ""),
        "system": row.get("system", ""),
        "high_value": high_value,
        "high_value_reason": row.get("high_value_reason", "") if high_value else "",
        "update_frequency": frequency or "",
        "temporal_coverage": row.get("temporal_coverage", ""),
        "geographic_coverage": row.get("geographic_coverage", ""),
        "formats": row.get("formats", ""),
        "access_url": row.get("access_url", ""),
        "dictionary_fields": row.get("dictionary_fields", "").replace(" | ", "\n"),
        "last_reviewed": reviewed,
        "status": status,
    }
    return fields, {
        "categories": [categories[k] for k in keys if k in categories],
        "keywords": keywords,
    }


def _write(planned, user) -> ImportSummary:
    summary = ImportSummary()
    with transaction.atomic():
        keys = {(f["agency"].pk, f["identifier"]) for f, _ in planned}
        existing = {
            (d.agency_id, d.identifier): d
            for d in Dataset.objects.filter(
                agency_id__in={k[0] for k in keys}, identifier__in={k[1] for k in keys}
            ).prefetch_related("categories", "keywords")
        }
        written = []
        for fields, m2m in planned:
            dataset = existing.get((fields["agency"].pk, fields["identifier"]))
            if dataset is None:
                dataset = Dataset(created_by=user)
                changed = True
                summary.created += 1
            else:
                changed = any(getattr(dataset, n) != v for n, v in fields.items())
                changed |= {c.pk for c in dataset.categories.all()} != {
                    c.pk for c in m2m["categories"]
                }
                changed |= {t.name for t in dataset.keywords.all()} != set(m2m["keywords"])
                if not changed:
                    summary.unchanged += 1
                    continue
                summary.updated += 1
            for name, value in fields.items():
                setattr(dataset, name, value)
            dataset.updated_by = user
            dataset._change_reason = "CSV import"
            dataset.save()
            dataset.categories.set(m2m["categories"])
            dataset.keywords.set(m2m["keywords"])
            written.append(dataset.pk)
        services.refresh_search(written)
    return summary


def export_rows(queryset):
    queryset = queryset.select_related("agency", "owner", "steward").prefetch_related(
        "categories", "keywords"
    )
    for d in queryset.order_by("agency__code", "identifier").iterator(chunk_size=1000):
        owner_name, owner_email = d.owner_contact
        steward_name, steward_email = d.steward_contact
        yield [
            d.agency.code, d.identifier, d.title, d.description, d.classification,
            owner_email, owner_name, steward_email, steward_name, d.system,
            "; ".join(sorted(t.name for t in d.keywords.all())),
            "; ".join(sorted(c.key for c in d.categories.all())),
            "yes" if d.high_value else "no", d.high_value_reason, d.update_frequency,
            d.temporal_coverage, d.geographic_coverage, d.formats, d.access_url,
            d.dictionary_fields.replace("\r\n", "\n").replace("\n", " | "),
            d.last_reviewed, d.status,
        ]  # fmt: skip


def export_csv(queryset) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in export_rows(queryset):
        writer.writerow(
            [safe_cell(c.isoformat() if isinstance(c, datetime.date) else c) for c in row]
        )
    return out.getvalue()


def export_xlsx(queryset) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Inventory")
    append_row(sheet, COLUMNS)
    for row in export_rows(queryset):
        append_row(sheet, row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
