"""Startup checks: emails about requests need the site's address for their links.

Registered without the deploy tag, so `migrate` (which the production image runs before
starting the server), `runserver` and `check` all refuse to go on without it.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error


def site_url_check(app_configs=None, **kwargs):
    site_url = getattr(settings, "SITE_URL", "")
    if not site_url:
        if getattr(settings, "DEVELOPMENT", False):
            return []
        return [
            Error(
                "SITE_URL is not set: emails about sharing requests (and invitations) would "
                "carry links no email client can open.",
                hint="Set SITE_URL to the site's address as users reach it, such as "
                "https://datahub.ct.gov.",
                id="sharing.E001",
            )
        ]
    parts = urlsplit(site_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
        return [
            Error(
                f"SITE_URL must be the site's absolute address, such as "
                f"https://datahub.ct.gov (it is {site_url!r}).",
                id="sharing.E002",
            )
        ]
    return []
