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
    """Yield (line number where the row starts, row) with stripped values; line 1 is the header.

    `source` is a path or a text/binary file object. Missing columns reject the file.
    """
    if hasattr(source, "read"):
        raw = source.read()
    else:
        with open(source, "rb") as handle:
            raw = handle.read()
    text = decode(raw) if isinstance(raw, bytes) else raw
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    try:
        header = [name.strip() for name in next(reader, [])]
        missing = [name for name in required if name not in header]
        if missing:
            raise ImportRejected([f"line 1: missing column(s): {', '.join(missing)}"])
        line = reader.line_num + 1  # where the next record starts (a cell may hold breaks)
        for cells in reader:
            if cells:  # blank lines are skipped
                if len(cells) > len(header):
                    raise ImportRejected([f"line {line}: more cells than columns"])
                values = dict.fromkeys(header, "")
                values.update(zip(header, (cell.strip() for cell in cells), strict=False))
                if any("\x00" in v for v in values.values()):
                    # PostgreSQL refuses NUL in text: say so here rather than fail on write.
                    raise ImportRejected([f"line {line}: contains a NUL character"])
                yield line, values
            line = reader.line_num + 1
    except csv.Error as exc:  # `line` is where the record being read starts
        if "field larger than field limit" in str(exc):
            message = f"a cell is longer than {csv.field_size_limit()} characters"
        else:
            message = f"not readable as CSV ({exc})"
        raise ImportRejected([f"line {line}: {message}"]) from exc


def decode(raw: bytes) -> str:
    """UTF-8 text (a byte order mark is allowed), or a refusal naming the first bad line."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportRejected([f"line {line}: the file is not UTF-8 text"]) from exc
