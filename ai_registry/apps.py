from django.apps import AppConfig


class AiRegistryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ai_registry"
    verbose_name = "AI use cases"

    def ready(self):
        from ai_registry import impact, signals  # noqa: F401 (connects the word list)
        from hub import home_tasks, site_search

        # A broken questionnaire file stops startup with the reason, not a page later.
        impact.questionnaire()
        home_tasks.register("ai_registry.home.home_tasks")
        site_search.register("ai", "AI use cases", "ai_registry.site_search.use_cases", order=40)
