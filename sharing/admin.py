"""Curators edit the guidance library here (with history); requests are read-only here.

Requests and everything hanging off them follow `visible_to(user)` here too, so a staff
account of one agency never lists or opens another agency's requests in the admin.
"""

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin import RecordAdmin
from config import cache_versions
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


class RenewsSharingCache:
    """An admin save or delete changes what sharing pages show, like a service's write.

    The admin runs each of these inside its request's transaction, so the version is renewed
    when the edit commits.
    """

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        cache_versions.changed(cache_versions.SHARING)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        cache_versions.changed(cache_versions.SHARING)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        cache_versions.changed(cache_versions.SHARING)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        cache_versions.changed(cache_versions.SHARING)


class GuidanceAdmin(RenewsSharingCache, SimpleHistoryAdmin):
    """Curators' edits of the guidance library, with history."""


@admin.register(DataCategory)
class DataCategoryAdmin(GuidanceAdmin):
    list_display = ["name", "key"]
    search_fields = ["name", "key", "description"]


@admin.register(AgreementType)
class AgreementTypeAdmin(GuidanceAdmin):
    list_display = ["name", "key", "rank"]
    search_fields = ["name", "key"]


@admin.register(Clause)
class ClauseAdmin(GuidanceAdmin):
    list_display = ["number", "title", "key", "required_by"]
    search_fields = ["title", "text", "required_by"]


@admin.register(LegalFramework)
class LegalFrameworkAdmin(GuidanceAdmin):
    list_display = ["name", "citation", "needs_counsel_confirmation"]
    list_filter = ["needs_counsel_confirmation", "categories"]
    search_fields = ["name", "slug", "citation", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    filter_horizontal = ["categories", "required_clauses"]


@admin.register(DecisionRule)
class DecisionRuleAdmin(GuidanceAdmin):
    list_display = ["category", "identifiability", "outcome", "agreement_type", "strictness"]
    list_filter = ["identifiability", "outcome", "agreement_type"]
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


class VisibleRequestsMixin:
    """Limit the changelist and object pages to requests the user may see."""

    request_path = ""  # "" for SharingRequest itself, "request" for rows that hang off one

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        visible = SharingRequest.objects.visible_to(request.user)
        if not self.request_path:
            return queryset.filter(pk__in=visible.values("pk"))
        return queryset.filter(**{f"{self.request_path}__in": visible.values("pk")})


class ReadOnlyMixin:
    """Requests change only through the workflow; their records only by their services."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SharingRequest)
class SharingRequestAdmin(VisibleRequestsMixin, RecordAdmin):
    """Read-only: state changes only through the workflow on the request page."""

    list_display = ["id", "title", "requesting_agency", "providing_agency", "state", "expiry_date"]
    list_filter = ["state"]
    list_select_related = ["requesting_agency", "providing_agency"]
    search_fields = ["title"]
    inlines = [TransitionLogInline]


@admin.register(TransitionLog)
class TransitionLogAdmin(VisibleRequestsMixin, ReadOnlyMixin, admin.ModelAdmin):
    request_path = "request"
    list_display = ["request", "action", "from_state", "to_state", "actor", "created_at"]
    list_select_related = ["request", "actor"]
    list_filter = ["action"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RequestComment)
class RequestCommentAdmin(
    RenewsSharingCache, VisibleRequestsMixin, ReadOnlyMixin, admin.ModelAdmin
):
    request_path = "request"
    list_display = ["request", "author", "created_at"]
    list_select_related = ["request", "author"]


@admin.register(RequestAttachment)
class RequestAttachmentAdmin(
    RenewsSharingCache, VisibleRequestsMixin, ReadOnlyMixin, admin.ModelAdmin
):
    """No file link here: files are served only by the permission-checked request view."""

    request_path = "request"
    list_display = ["name", "request", "content_type", "size", "uploaded_by", "created_at"]
    list_select_related = ["request", "uploaded_by"]
    exclude = ["file"]
