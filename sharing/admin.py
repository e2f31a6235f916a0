"""Curators edit the guidance library here (with history); requests are read-only here."""

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from sharing.models import (
    AgreementType,
    Clause,
    DataCategory,
    DecisionRule,
    LegalFramework,
    RequestAttachment,
    RequestComment,
    SharingRequest,
    TransitionLog,
)


@admin.register(DataCategory)
class DataCategoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "key"]
    search_fields = ["name", "key", "description"]


@admin.register(AgreementType)
class AgreementTypeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "key", "rank"]
    search_fields = ["name", "key"]


@admin.register(Clause)
class ClauseAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "key", "required_by"]
    search_fields = ["title", "text", "required_by"]


@admin.register(LegalFramework)
class LegalFrameworkAdmin(SimpleHistoryAdmin):
    list_display = ["name", "citation", "needs_counsel_confirmation"]
    list_filter = ["needs_counsel_confirmation", "categories"]
    search_fields = ["name", "slug", "citation", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    filter_horizontal = ["categories", "required_clauses"]


@admin.register(DecisionRule)
class DecisionRuleAdmin(SimpleHistoryAdmin):
    list_display = ["category", "identifiability", "agreement_type", "strictness"]
    list_filter = ["identifiability", "agreement_type"]
    list_select_related = ["category", "agreement_type"]
    search_fields = ["category__name", "reason"]
    filter_horizontal = ["frameworks", "clauses"]


class TransitionLogInline(admin.TabularInline):
    model = TransitionLog
    extra = 0
    can_delete = False
    fields = ["created_at", "actor", "action", "from_state", "to_state", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SharingRequest)
class SharingRequestAdmin(admin.ModelAdmin):
    """Read-only: state changes only through the workflow on the request page."""

    list_display = ["id", "title", "requesting_agency", "providing_agency", "state", "expiry_date"]
    list_filter = ["state"]
    list_select_related = ["requesting_agency", "providing_agency"]
    search_fields = ["title"]
    inlines = [TransitionLogInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register([RequestComment, RequestAttachment])
