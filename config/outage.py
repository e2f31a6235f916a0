"""A database that cannot be reached answers 503 "not saved" with what was typed, never a 500.

Django turns an exception raised inside a middleware into a 500 response on the spot, so a
middleware cannot catch, around its `get_response`, the session and user load that the
sign-in check does lazily. Hence two pieces, both in MIDDLEWARE:

- `LoginRequiredMiddleware`: Django's, but a view marked `login_not_required` (/healthz,
  sign-in) is served without reading the session, so a health check never needs it.
- `DatabaseOutageMiddleware`, between the CSRF check and the sign-in check: its
  `process_view` loads the session and the user first, where a failure can still be
  answered, and its `process_exception` catches a DatabaseError from any view or template.

The page is rendered without the request: no context processor, so no query, and the
signed-in user stays signed in (the session cookie is left alone).
"""

import logging
import re

from django.contrib.auth import middleware as auth_middleware
from django.db import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.template.loader import get_template
from django.utils.cache import add_never_cache_headers

from config.context_processors import site_urls

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
# Posted fields never shown back: the CSRF token, passwords, keys and hidden version numbers;
# nor the value of the button pressed (`action`), which nobody typed.
NOT_SHOWN = re.compile(r"password|token|secret|version|csrf|^action$", re.IGNORECASE)
JSON_ERROR = "The service could not reach its database. Nothing was saved."


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        try:
            request.user.is_authenticated  # noqa: B018 (loads the session and the user now)
        except DatabaseError as error:
            return not_saved(request, error)
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, DatabaseError):
            return not_saved(request, exception)
        return None


def typed_fields(request) -> list[tuple[str, str]]:
    """What the user posted, field by field, without anything secret or empty."""
    if request.method != "POST":
        return []
    return [
        (name, value)
        for name, values in request.POST.lists()
        if not NOT_SHOWN.search(name)
        for value in values
        if value.strip()
    ]


def not_saved(request, error) -> HttpResponse:
    """503 saying nothing was saved, with what was typed (JSON when JSON was asked for)."""
    logger.error(
        "Database unreachable, answered 503 to %s %s", request.method, request.path, exc_info=error
    )
    if request.get_preferred_type(["text/html", "application/json"]) == "application/json":
        response = JsonResponse(
            {"saved": False, "error": JSON_ERROR, "retry_after": RETRY_AFTER_SECONDS}, status=503
        )
    else:
        context = {
            "fields": typed_fields(request),
            "posted": request.method == "POST",
            "retry_after": RETRY_AFTER_SECONDS,
            **site_urls(request),
        }
        response = HttpResponse(get_template("not_saved.html").render(context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response
