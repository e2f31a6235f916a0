from django.apps import AppConfig, apps
from django.core import checks
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    """Users, agencies, roles and sign-in: every other app stands on this one."""

    name = "accounts"
    verbose_name = "People and agencies"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts import audit, roles  # noqa: F401  (audit connects the audit log's receivers)
        from accounts.checks import email_settings_check

        checks.register(email_settings_check)

        # After procrastinate's permissions are made (post_migrate, like Django's own), so
        # on every migrate and never in a migration of ours that would depend on that app.
        post_migrate.connect(
            roles.curators_read_job_runs,
            sender=apps.get_app_config("procrastinate"),
            dispatch_uid="curators_read_job_runs",
        )
