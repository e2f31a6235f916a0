"""Startup check: outside development the site must know how to send email and from whom.

Invitations, password resets, reminders and every workflow email go out by SMTP; without a
server they would fail one by one, long after the deploy. Registered without the deploy
tag, so `migrate` (which the production image runs first), `runserver` and `check` refuse
to go on, as they do without SITE_URL (sharing/checks.py).
"""

from django.conf import settings
from django.core.checks import Error


def email_settings_check(app_configs=None, **kwargs):
    if getattr(settings, "DEVELOPMENT", False):
        return []
    errors = []
    smtp = settings.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
    if smtp and not getattr(settings, "EMAIL_HOST", ""):
        errors.append(
            Error(
                "EMAIL_HOST is not set: no email (invitations, reminders, sharing requests) "
                "could be sent.",
                hint="Set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, "
                "EMAIL_USE_TLS as your mail server needs).",
                id="accounts.E001",
            )
        )
    if not settings.DEFAULT_FROM_EMAIL:
        errors.append(
            Error(
                "DEFAULT_FROM_EMAIL is not set: email would go out from no sender.",
                hint='Set DEFAULT_FROM_EMAIL, such as "State Data Hub <datahub@ct.gov>".',
                id="accounts.E002",
            )
        )
    return errors
