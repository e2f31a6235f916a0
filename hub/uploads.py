"""Checks on files curators upload to a resource: size, extension, and content that matches.

The extension alone proves nothing, so the first bytes (or the zip's parts, for Office files)
must look like the type claimed; HTML, scripts and executables are never accepted.
"""

import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

MAX_RESOURCE_FILE = 20 * 1024 * 1024
MAX_IMPORT_FILE = 5 * 1024 * 1024

OFFICE_PARTS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
MAGIC = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}
TEXT = {"csv", "txt"}
ALLOWED = sorted([*OFFICE_PARTS, *MAGIC, *TEXT])
LABELS = {"pdf": "a PDF", "png": "a PNG image", "jpg": "a JPEG image", "jpeg": "a JPEG image",
          "docx": "a Word document", "xlsx": "an Excel workbook",
          "pptx": "a PowerPoint deck", "csv": "CSV text", "txt": "plain text"}  # fmt: skip


def check_size(upload, limit: int) -> None:
    if upload.size > limit:
        raise ValidationError(
            f"The file is larger than {filesizeformat(limit)} ({filesizeformat(upload.size)}).",
            code="file_too_large",
        )


def validate_resource_file(upload) -> None:
    """Raise ValidationError unless the upload is small enough and is what its name says."""
    check_size(upload, MAX_RESOURCE_FILE)
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise ValidationError(
            f"File type not allowed: “.{extension}”. Allowed: {', '.join(ALLOWED)}.",
            code="file_type",
        )
    if not _content_matches(upload, extension):
        raise ValidationError(
            f"The file does not look like {LABELS[extension]}: its content does not match "
            f"“.{extension}”.",
            code="file_content",
        )


def _content_matches(upload, extension: str) -> bool:
    upload.seek(0)
    try:
        if extension in MAGIC:
            return upload.read(16).startswith(MAGIC[extension])
        if extension in OFFICE_PARTS:
            if not zipfile.is_zipfile(upload):
                return False
            upload.seek(0)
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
            return "[Content_Types].xml" in names and any(
                n.startswith(OFFICE_PARTS[extension]) for n in names
            )
        return _is_text(upload.read(64 * 1024))
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)


def _is_text(head: bytes) -> bool:
    """UTF-8 text without control characters other than tab and line breaks."""
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # a character cut at the end of the sample is fine
            return False
        text = head[: exc.start].decode("utf-8")
    return not any((ord(c) < 32 and c not in "\t\r\n") or c == "\x7f" for c in text)
