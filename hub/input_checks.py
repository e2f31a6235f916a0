"""Checks on hostile text, for every app: control characters, one-line values, email headers,
file names.

PostgreSQL refuses NUL in text and python-docx refuses other C0 control characters, so
they are turned away at the door as validation errors (never a 500). Email subjects are
reduced to one clean line so no value can add a header.
"""

import re
import unicodedata

from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.utils.text import get_valid_filename

# C0 controls except tab, newline and carriage return; DEL; C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Everything that ends a line somewhere (str.splitlines, email generators, browsers).
LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
CONTROL_MESSAGE = (
    "This text contains control characters (invisible characters such as NUL) that cannot "
    "be stored: remove them and try again."
)


def has_control_characters(text: str) -> bool:
    return bool(CONTROL_CHARACTERS.search(text or ""))


def no_control_characters(value) -> None:
    """Form validator for multi-line text: tabs and line breaks are fine, the rest is not."""
    if isinstance(value, str) and has_control_characters(value):
        raise ValidationError(CONTROL_MESSAGE, code="control_characters")


def single_line(value) -> None:
    """Form validator for one-line text (titles end up in email subjects)."""
    no_control_characters(value)
    if isinstance(value, str) and LINE_BREAKS.search(value):
        raise ValidationError("Keep this on one line.", code="line_break")


def query_has_control_characters(querydict) -> bool:
    """True if any GET parameter name or value holds a control character (NUL included)."""
    return any(
        has_control_characters(key) or any(has_control_characters(v) for v in values)
        for key, values in querydict.lists()
    )


def header_safe(text: str, limit: int = 200) -> str:
    """One line for an email header: line breaks and controls become spaces, then trimmed."""
    text = LINE_BREAKS.sub(" ", text or "")
    text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)
    text = " ".join(text.split())
    return text[:limit].rstrip()


def xml_safe(text: str) -> str:
    """Drop the characters XML 1.0 (and so python-docx) cannot hold."""
    return NOT_XML.sub("", text or "")


def clean_upload_name(name: str, limit: int = 100) -> tuple[str, str]:
    """(name to show, name to store on disk) for an uploaded file's name.

    The shown name keeps Unicode but loses controls and line breaks; the stored name is
    ASCII-safe and short enough for any file system (bytes, not characters).
    """
    shown = header_safe(unicodedata.normalize("NFC", name or ""), limit=200) or "file"
    stem, dot, extension = shown.rpartition(".")
    if not dot:
        stem, extension = shown, ""
    ascii_stem = (
        unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii").strip()
    )
    try:
        safe_stem = get_valid_filename(ascii_stem)[:limit]
    except SuspiciousFileOperation:  # names like ".", ".." or ""
        safe_stem = ""
    safe_extension = re.sub(r"[^a-z0-9]", "", extension.lower())[:10]
    stored = (safe_stem or "file") + (f".{safe_extension}" if safe_extension else "")
    return shown, stored
