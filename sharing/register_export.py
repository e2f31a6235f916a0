"""The sharing register as a download: the agreements its page lists with the same filters,
as rows for CSV and as an Excel workbook (made at once, or by the worker when long)."""

from io import BytesIO

from openpyxl import Workbook

from hub.spreadsheets import append_row
from sharing import selectors
from sharing.filters import RegisterFilter

REGISTER_COLUMNS = [
    "request",
    "providing_agency",
    "receiving_agency",
    "categories",
    "status",
    "effective_date",
    "expiry_date",
    "providing_agency_name",
    "receiving_agency_name",
]


def register_queryset(query):
    """The agreements the register lists with these filters (a QueryDict)."""
    queryset = selectors.agreements().annotate(category_keys=selectors.category_list("key"))
    return RegisterFilter(query, queryset=queryset).qs


def register_rows(query):
    for sr in register_queryset(query).iterator(chunk_size=1000):
        yield [
            sr.pk,
            sr.providing_agency.code,
            sr.requesting_agency.code,
            "; ".join(sr.category_keys),
            sr.get_state_display(),
            sr.effective_date,
            sr.expiry_date,
            sr.providing_agency.name,
            sr.requesting_agency.name,
        ]


def register_workbook(query, progress=None) -> bytes:
    """The register with these filters as an Excel workbook. `progress` (jobs.progress,
    when it runs as a task) hears each row written."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Register")
    append_row(sheet, REGISTER_COLUMNS)
    total = register_queryset(query).count() if progress is not None else 0
    for n, row in enumerate(register_rows(query), 1):
        append_row(sheet, row)
        if progress is not None:
            progress.step(n, total, "Writing the agreements")
    stream = BytesIO()
    book.save(stream)
    return stream.getvalue()
