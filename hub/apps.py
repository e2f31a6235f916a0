from django.apps import AppConfig


class HubConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "hub"
    verbose_name = "Resources"

    def ready(self):
        from config import cache_versions
        from hub import home_tasks, scale, signals, site_search  # noqa: F401 (signals connect)

        home_tasks.register("hub.home.home_tasks", areas=(cache_versions.CATALOG,))
        site_search.register(
            "resources", "Resources", "hub.site_search_resources.resources", order=10
        )

        scale.register(
            "resources",
            "Create N realistic published resources with 1,000 tags (about 5 each).",
            "hub.scale_resources.seed_resources",
        )
