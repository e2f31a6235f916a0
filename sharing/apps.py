from django.apps import AppConfig


class SharingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sharing"
    verbose_name = "Data sharing"

    def ready(self):
        from django.core import checks

        from config import cache_versions
        from hub import home_tasks, scale, site_search
        from sharing import signals
        from sharing.checks import site_url_check

        checks.register(site_url_check)

        signals.connect()

        home_tasks.register("sharing.home.home_tasks", areas=(cache_versions.SHARING,))

        site_search.register(
            "guidance",
            "Guidance",
            "sharing.site_search.guidance",
            order=20,
        )

        scale.register(
            "requests",
            "sharing requests with their transition logs (e.g. 20000)",
            "sharing.scale.seed_requests",
        )
