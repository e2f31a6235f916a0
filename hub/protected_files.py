"""Uploaded files leave the app only through views that checked permission first.

Nothing serves MEDIA_ROOT at a URL. A view decides who may read a file, then answers with
`file_response`: the file streamed by Django, or, when PROTECTED_FILES_ACCEL_PREFIX is set,
an empty answer whose X-Accel-Redirect (PROTECTED_FILES_HEADER) has the proxy send the file
from a location clients cannot reach (README, "Uploaded files").
"""

import posixpath
import re
import uuid
from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header


def unguessable_name(folder: str, filename: str) -> str:
    """`<folder>/<random>.<ext>`: neither the owner's id nor the uploaded name, which others
    could guess, is in the stored path; only a short, plain extension is kept."""
    extension = posixpath.splitext(filename)[1].lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,10}", extension):
        extension = ""
    return f"{folder}/{uuid.uuid4().hex}{extension}"


def file_response(field_file, *, filename: str, content_type: str) -> HttpResponse:
    """The stored file as a download that browsers never render, sniff or keep."""
    prefix = settings.PROTECTED_FILES_ACCEL_PREFIX
    if prefix:
        response = HttpResponse(content_type=content_type)
        response[settings.PROTECTED_FILES_HEADER] = (
            prefix.rstrip("/") + "/" + quote(field_file.name, safe="/")
        )
        response["Content-Disposition"] = content_disposition_header(True, filename)
    else:
        try:
            handle = field_file.open("rb")
        except FileNotFoundError:
            raise Http404("No such file.") from None
        response = FileResponse(
            handle, as_attachment=True, filename=filename, content_type=content_type
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
