from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from inventory.models import Dataset, ReviewReminder


@admin.register(Dataset)
class DatasetAdmin(SimpleHistoryAdmin):
    list_display = ["title", "agency", "identifier", "classification", "status", "last_reviewed"]
    list_filter = ["classification", "status", "high_value", "agency"]
    search_fields = ["title", "identifier"]
    list_select_related = ["agency"]
    raw_id_fields = ["owner", "steward"]
    filter_horizontal = ["categories"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(ReviewReminder)
class ReviewReminderAdmin(admin.ModelAdmin):
    list_display = ["user", "period", "due_count", "sent_at"]
    readonly_fields = ["user", "period", "due_count", "sent_at"]
