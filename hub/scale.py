"""Scale-data seeders for `manage.py seed_scale`, registered by each app.

The hub imports neither of the other apps, so they register their seeders here from their
AppConfig.ready(); `seed_scale` offers one option per registered seeder.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Seeder:
    option: str  # command-line option, e.g. "resources" for --resources N
    help: str
    function: str  # dotted path to `function(count: int, stdout) -> None`


SEEDERS: dict[str, Seeder] = {}


def register(option: str, help: str, function: str) -> None:
    SEEDERS[option] = Seeder(option, help, function)
