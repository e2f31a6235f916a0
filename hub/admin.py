"""Curation in the admin: resources (history, bulk status, import, export) and tag merging."""

from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.views.main import ERROR_FLAG
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import update_change_reason
from taggit.models import Tag

from config.csv_import import ImportRejected
from hub import catalog_services, permissions, suggestions, tasks, uploads
from hub.catalog_models import Resource, Status, Watch
from hub.input_checks import no_control_characters, single_line
from hub.resource_csv import export_csv, import_resources
from hub.search_models import ResourceSuggestion, SearchSynonym, SuggestionStatus


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns: title, url, resource_type, tags (separated by ;), provider "
        "(agency code), audience, description, status. UTF-8, at most 5 MB.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        uploads.check_size(upload, uploads.MAX_IMPORT_FILE)
        return upload


@dataclass
class CheckedFileLink:
    """What the file widget shows as the current file: its name, linked to the view that
    checks permission (nothing serves MEDIA_ROOT, so the stored file's own url is dead)."""

    name: str
    url: str

    def __str__(self):
        return self.name


class CheckedFileWidget(AdminFileWidget):
    checked_url = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if context["widget"]["is_initial"] and self.checked_url:
            context["widget"]["value"] = CheckedFileLink(str(value), self.checked_url)
        return context


class ResourceForm(forms.ModelForm):
    class Meta:
        model = Resource
        fields = [
            "title", "slug", "url", "file", "description", "tags", "resource_type", "audience",
            "provider", "cost", "status", "owner", "review_by",
        ]  # fmt: skip
        widgets = {"file": CheckedFileWidget}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.file:
            self.fields["file"].widget.checked_url = reverse(
                "hub:resource_file", args=[self.instance.slug]
            )

    url = forms.URLField(
        label="External URL", max_length=1000, required=False, assume_scheme="https"
    )

    def clean_title(self):
        """A title is one line of visible text: it ends up in digests' email subjects."""
        title = self.cleaned_data["title"]
        single_line(title)
        return title

    def clean_description(self):
        description = self.cleaned_data["description"]
        no_control_characters(description)
        return description

    def clean_tags(self):
        """Each tag fits the tag table (100 characters), as the CSV import checks."""
        tags = self.cleaned_data.get("tags") or []
        longest = Tag._meta.get_field("name").max_length
        too_long = [t for t in tags if len(t) > longest]
        if too_long:
            raise forms.ValidationError(f"A tag can be at most {longest} characters long.")
        return tags

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload is not self.initial.get("file"):  # a new upload, not the kept one
            uploads.validate_resource_file(upload)
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("url") and not data.get("file"):
            raise forms.ValidationError("Give an external URL, a file, or both.")
        return data


def csv_response(queryset, name="resources") -> HttpResponse:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(export_csv(queryset), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    return response


class RefuseNulMixin:
    """Hostile changelist input answered without a server error: a NUL in a search or filter
    (PostgreSQL refuses it in text) gets Django's invalid-lookup answer (`?e=1`), and an
    action's selected ids that are not ids are dropped (Django would fail casting them)."""

    def changelist_view(self, request, extra_context=None):
        if any("\x00" in key + value for key, values in request.GET.lists() for value in values):
            return HttpResponseRedirect(request.path + "?" + ERROR_FLAG + "=1")
        if request.method == "POST" and ACTION_CHECKBOX_NAME in request.POST:
            post = request.POST.copy()
            post.setlist(
                ACTION_CHECKBOX_NAME,
                [
                    v for v in post.getlist(ACTION_CHECKBOX_NAME)
                    if v.isascii() and v.isdigit() and len(v) < 19
                ],
            )  # fmt: skip
            request.POST = post
        return super().changelist_view(request, extra_context)


@admin.register(Resource)
class ResourceAdmin(RefuseNulMixin, SimpleHistoryAdmin):
    form = ResourceForm
    change_list_template = "admin/hub/resource/change_list.html"
    list_display = [
        "title", "resource_type", "status", "provider", "audience", "owner", "review_by",
        "link_status",
    ]  # fmt: skip
    list_filter = ["status", "resource_type", "audience", "cost", "provider", "review_by"]
    list_select_related = ["provider", "owner"]
    search_fields = ["title", "url", "description", "tags__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["provider"]
    readonly_fields = [
        "published_at", "created_at", "created_by", "updated_at", "updated_by",
        "link_status", "link_error", "link_checked_at",
    ]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["title", "slug", "url", "file", "description", "tags"]}),
        ("Catalog", {"fields": ["resource_type", "audience", "provider", "cost"]}),
        ("Curation", {"fields": ["status", "owner", "review_by", "published_at"]}),
        ("Link check", {"fields": ["link_status", "link_error", "link_checked_at"]}),
        ("Record", {"fields": ["created_at", "created_by", "updated_at", "updated_by"]}),
    ]
    actions = ["publish", "archive", "export_selected"]
    history_list_display = ["status"]

    # Staff without the curator role (another app's staff given a catalog permission) read
    # at most what the site shows them plus their own drafts, and change nothing.
    def get_queryset(self, request):
        return permissions.resources_in_admin(request.user, super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or permissions.can_see_in_admin(request.user, obj))

    def has_add_permission(self, request):
        return super().has_add_permission(request) and permissions.is_curator(request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and permissions.is_curator(request.user)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and permissions.is_curator(request.user)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        if obj.status == Status.PUBLISHED and not obj.published_at:
            obj.published_at = timezone.now()
        obj._tags_before = set(obj.tags.names()) if change else set()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        """Tags are saved after the resource: note them on the history entry just made."""
        super().save_related(request, form, formsets, change)
        obj = form.instance
        after = set(obj.tags.names())
        if after != getattr(obj, "_tags_before", set()):
            update_change_reason(obj, "tags: " + (", ".join(sorted(after)) or "none"))

    @admin.action(description="Publish selected resources", permissions=["change"])
    def publish(self, request, queryset):
        n = catalog_services.bulk_set_status(queryset, Status.PUBLISHED, request.user)
        self.message_user(request, f"{n} resource(s) published.", messages.SUCCESS)

    @admin.action(description="Archive selected resources", permissions=["change"])
    def archive(self, request, queryset):
        n = catalog_services.bulk_set_status(queryset, Status.ARCHIVED, request.user)
        self.message_user(request, f"{n} resource(s) archived.", messages.SUCCESS)

    @admin.action(description="Export selected resources to CSV", permissions=["view"])
    def export_selected(self, request, queryset):
        return csv_response(queryset)

    def get_urls(self):
        own = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="hub_resource_import",
            ),
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="hub_resource_export",
            ),
        ]
        return own + super().get_urls()

    def import_view(self, request):
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                rows = tasks.count_rows(upload)
                if rows > tasks.IMPORT_TASK_ROWS:
                    # Long: the worker imports it (still one transaction) while the curator
                    # watches its progress on the task's page.
                    run = tasks.start_import(request.user, upload, rows)
                    return redirect("jobs:status", pk=run.pk)
                summary = import_resources(upload, user=request.user)
            except ImportRejected as exc:
                errors = exc.errors
            else:
                self.message_user(
                    request,
                    f"Import done: {summary.created} created, {summary.updated} updated, "
                    f"{summary.unchanged} unchanged.",
                    messages.SUCCESS,
                )
                return redirect("admin:hub_resource_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "errors": errors,
            "title": "Import resources from CSV",
        }
        return TemplateResponse(request, "admin/hub/resource/import.html", context)

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return csv_response(self.get_queryset(request), "catalog")


class MergeTagsForm(forms.Form):
    target = forms.ModelChoiceField(queryset=Tag.objects.none(), label="Merge into")

    def __init__(self, *args, tags=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = tags


admin.site.unregister(Tag)


@admin.register(Tag)
class TagAdmin(RefuseNulMixin, admin.ModelAdmin):
    """Rename a tag by editing it (links follow the tag); merge tags with the action."""

    list_display = ["name", "slug", "resource_count"]
    search_fields = ["name", "slug"]
    actions = ["merge"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(resource_count=Count("hub_taggedresource_items"))
        )

    @admin.display(ordering="resource_count", description="Resources")
    def resource_count(self, obj):
        return obj.resource_count

    def has_add_permission(self, request):
        return super().has_add_permission(request) and permissions.is_curator(request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and permissions.is_curator(request.user)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and permissions.is_curator(request.user)

    def save_model(self, request, obj, form, change):
        obj.name = obj.name.strip().lower()
        super().save_model(request, obj, form, change)

    @admin.action(description="Merge selected tags into one", permissions=["change"])
    def merge(self, request, queryset):
        tags = Tag.objects.filter(pk__in=queryset.values("pk")).order_by("name")
        if "apply" in request.POST:
            form = MergeTagsForm(request.POST, tags=tags)
            if form.is_valid():
                target = form.cleaned_data["target"]
                merged = len(tags) - 1
                try:
                    moved = catalog_services.merge_tags(list(tags), target)
                except catalog_services.TagGone as exc:
                    self.message_user(request, f"Nothing merged: {exc}", messages.ERROR)
                    return None
                self.message_user(
                    request,
                    f"Merged {merged} tag(s) into “{target.name}”; {moved} link(s) moved.",
                    messages.SUCCESS,
                )
                return None
        else:
            form = MergeTagsForm(tags=tags)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "tags": tags,
            "title": "Merge tags",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "changelist_url": reverse("admin:taggit_tag_changelist"),
        }
        return TemplateResponse(request, "admin/hub/tag_merge.html", context)


@admin.register(Watch)
class WatchAdmin(RefuseNulMixin, admin.ModelAdmin):
    list_display = ["user", "tag", "query", "created_at", "last_sent_at"]
    list_select_related = ["user", "tag"]
    search_fields = ["user__email", "tag__name", "query"]

    def get_queryset(self, request):
        """What people watch is theirs: curators see every watch, other staff their own."""
        queryset = super().get_queryset(request)
        if permissions.is_curator(request.user):
            return queryset
        return queryset.filter(user=request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and permissions.is_curator(request.user)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and permissions.is_curator(request.user)


@admin.register(SearchSynonym)
class SearchSynonymAdmin(RefuseNulMixin, SimpleHistoryAdmin):
    """Synonyms and acronyms: every search (site-wide and the catalog's) also finds the
    expansion of each term it holds."""

    list_display = ["term", "expansion"]
    search_fields = ["term", "expansion"]


@admin.register(ResourceSuggestion)
class ResourceSuggestionAdmin(RefuseNulMixin, SimpleHistoryAdmin):
    """What people searched for and did not find. Marking one added (with the resource)
    emails the person (hub.suggestions)."""

    list_display = ["created_at", "needed_short", "query", "person", "status", "resource"]
    list_filter = ["status"]
    list_select_related = ["person", "resource"]
    search_fields = ["needed", "query", "person__email"]
    autocomplete_fields = ["resource"]
    fields = ["person", "query", "needed", "link", "created_at", "status", "resource",
              "decided_at", "notified_at"]  # fmt: skip
    readonly_fields = ["person", "query", "needed", "link", "created_at", "decided_at",
                       "notified_at"]  # fmt: skip

    @admin.display(description="What they needed")
    def needed_short(self, obj):
        return obj.needed if len(obj.needed) <= 80 else obj.needed[:79] + "…"

    def has_add_permission(self, request):
        return False  # suggestions come from the search pages' form

    def save_model(self, request, obj, form, change):
        unsent = obj.status == SuggestionStatus.ADDED and obj.notified_at is None
        if change and ({"status", "resource"} & set(form.changed_data) or unsent):
            suggestions.decide(obj, obj.status, obj.resource)
        else:
            super().save_model(request, obj, form, change)
