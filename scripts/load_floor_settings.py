"""Settings for `scripts/loadtest.py --floor`: the site as configured, plus the two pages of
scripts/load_floor_urls.py. Never used to serve users."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "scripts.load_floor_urls"
