"""Rows of Excel (.xlsx) exports, written with openpyxl's write-only workbooks.

Numbers, dates and times are typed as such; text is always stored as text, so a cell that
starts with "=" is never a formula (the spreadsheet form of hub.formula_guard).
"""

import datetime

from django.utils import timezone
from openpyxl.cell import WriteOnlyCell

DATE = "yyyy-mm-dd"
DATE_TIME = "yyyy-mm-dd hh:mm"


def append_row(sheet, values, formats=None) -> None:
    """One row, written once (a write-only workbook streams its rows); `formats` maps a
    1-based column to a number format for its non-empty cells."""
    cells = []
    for column, value in enumerate(values, start=1):
        if isinstance(value, datetime.datetime):
            cell = WriteOnlyCell(sheet, value=timezone.localtime(value).replace(tzinfo=None))
            cell.number_format = DATE_TIME
        elif isinstance(value, datetime.date):
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = DATE
        elif isinstance(value, str):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # text, never a formula
        else:
            cell = WriteOnlyCell(sheet, value=value)
        if formats and formats.get(column) and value is not None:
            cell.number_format = formats[column]
        cells.append(cell)
    sheet.append(cells)
