"""AI use cases in the admin: read only (they change through the pages and the workflow),
with their change history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ai_registry.models import UseCase, UseCaseAgency, UseCaseLog


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ParticipantInline(ReadOnly, admin.TabularInline):
    model = UseCaseAgency
    extra = 0


class LogInline(ReadOnly, admin.TabularInline):
    model = UseCaseLog
    extra = 0


@admin.register(UseCase)
class UseCaseAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["title", "agency", "stage", "kind", "risk_tier", "state", "updated_at"]
    list_filter = ["state", "stage", "risk_tier", "kind"]
    list_select_related = ["agency"]
    search_fields = ["title"]
    inlines = [ParticipantInline, LogInline]
