from django.contrib import admin

from jobs.models import TaskRun


@admin.register(TaskRun)
class TaskRunAdmin(admin.ModelAdmin):
    """Superusers read every run (who, what, when, how it ended); nobody edits them here."""

    list_display = ["title", "kind", "started_by", "status", "done", "total", "created_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["started_by"]
    exclude = ["input_file", "result_file"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
