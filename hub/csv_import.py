"""Reading CSV files for all-or-nothing imports, with errors by line number.

Every import in the project validates all rows first and writes nothing when any row is
bad; this module gives them one way to read a file and report what is wrong.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field


class ImportRejected(Exception):
    """Raised with every problem found; nothing has been written."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class ErrorList:
    errors: list[str] = field(default_factory=list)

    def add(self, line: int, message: str) -> None:
        self.errors.append(f"line {line}: {message}")

    def raise_if_any(self) -> None:
        if self.errors:
            raise ImportRejected(self.errors)


def read_rows(source, required: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) with stripped values; line 1 is the header.

    `source` is a path or a text/binary file object. Missing columns reject the file.
    """
    if hasattr(source, "read"):
        raw = source.read()
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    else:
        with open(source, encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing = [name for name in required if name not in header]
    if missing:
        raise ImportRejected([f"line 1: missing column(s): {', '.join(missing)}"])
    reader.fieldnames = header
    for row in reader:
        if None in row:
            raise ImportRejected([f"line {reader.line_num}: more cells than columns"])
        yield reader.line_num, {k: (v or "").strip() for k, v in row.items()}
