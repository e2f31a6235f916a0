"""The home page's "your open tasks", gathered from every app.

The hub imports neither of the other apps, so they register a provider here from their
AppConfig.ready(): a dotted path to `function(user) -> list[Task]`.
"""

from dataclasses import dataclass

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Task:
    area: str  # "Needs assessment", "Data sharing"...
    text: str
    url: str


PROVIDERS: list[str] = []


def register(function_path: str) -> None:
    if function_path not in PROVIDERS:
        PROVIDERS.append(function_path)


def tasks_for(user) -> list[Task]:
    tasks: list[Task] = []
    for path in PROVIDERS:
        tasks.extend(import_string(path)(user))
    return tasks
