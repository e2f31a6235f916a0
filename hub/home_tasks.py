"""The home page's "your open tasks", gathered from every app.

The hub imports neither of the other apps, so they register a provider here from their
AppConfig.ready(): a dotted path to `function(user) -> list[Task]`.
"""

from dataclasses import dataclass

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Task:
    """One piece of work: "3 requests waiting on you", linking to them.

    With a count, the home page shows the number large, followed by the text; `detail` is
    one line of context ("Oldest waiting 12 days", "Closes 31 January 2027")."""

    area: str  # "Needs assessment", "Data sharing"...
    text: str
    url: str
    count: int | None = None
    detail: str = ""


PROVIDERS: list[str] = []


def register(function_path: str) -> None:
    if function_path not in PROVIDERS:
        PROVIDERS.append(function_path)


def tasks_for(user) -> list[Task]:
    tasks: list[Task] = []
    for path in PROVIDERS:
        tasks.extend(import_string(path)(user))
    return tasks
