"""The kinds of background work, each registered by the app that owns it.

A kind's function is called by the worker as `function(run, progress)` and returns a
`Result`; it does its writes in its own transaction, so a failure (or a worker that dies)
leaves nothing half-written. Raise `TaskFailed` with the reason the starter should read.
"""

from collections.abc import Callable
from dataclasses import dataclass

KINDS: dict[str, Callable] = {}


@dataclass
class Result:
    message: str
    content: bytes | None = None  # a file to download, when the work makes one
    filename: str = ""
    content_type: str = ""
    link: str = ""  # a page that shows what was done


class TaskFailed(Exception):
    """The work could not be done, for a reason its starter can act on."""


def register(kind: str):
    def decorate(function):
        KINDS[kind] = function
        return function

    return decorate
