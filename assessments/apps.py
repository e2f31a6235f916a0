from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"
    verbose_name = "Needs assessment"

    def ready(self):
        from hub import home_tasks, scale

        home_tasks.register("assessments.home.home_tasks")

        scale.register(
            "responses",
            "submitted responses to the 2024 questionnaire (loads it if needed)",
            "assessments.scale.seed_responses",
        )
