from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Users, agencies, roles and sign-in: every other app stands on this one."""

    name = "accounts"
    verbose_name = "People and agencies"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts import audit  # noqa: F401  (connects the audit log's receivers)
