from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"
    verbose_name = "Needs assessment"

    def ready(self):
        from config import cache_versions
        from hub import home_tasks, scale

        home_tasks.register(
            "assessments.home.curator_tasks",
            areas=(cache_versions.SURVEY_RESULTS, cache_versions.CATALOG),
        )
        home_tasks.register("assessments.home.respondent_tasks")

        scale.register(
            "responses",
            "submitted responses to the 2024 questionnaire (loads it if needed)",
            "assessments.scale.seed_responses",
        )
