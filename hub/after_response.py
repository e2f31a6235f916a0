"""Work a page does for later requests (filling a cache), run once its response has gone.

The WSGI server sends the body, then closes the response, which sends Django's
`request_finished`: only then does the work run, so the user does not wait for it (the
worker still does it before its next request). Outside a request (commands, the shell, a
thread that did not start one) it runs at once.
"""

import logging
import threading

from django.core.signals import request_finished, request_started
from django.dispatch import receiver

logger = logging.getLogger(__name__)
_scope = threading.local()  # `pending` is a list only while this thread serves a request


@receiver(request_started)
def _request_begins(**kwargs):
    _scope.pending = []


@receiver(request_finished)
def _request_ends(**kwargs):
    pending, _scope.pending = getattr(_scope, "pending", None), None
    for call in pending or ():
        try:
            call()
        except Exception:  # the response has gone: log it, and still run the rest
            logger.exception("Work after the response failed: %r", call)


def after_response(call) -> None:
    """Run `call()` when this request's response has been sent (at once outside one)."""
    pending = getattr(_scope, "pending", None)
    if pending is None:
        call()
    else:
        pending.append(call)
