"""The admin of people and agencies (OPM manages accounts here)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm

from accounts.models import Agency, SecurityEvent, User


class RecordAdmin(admin.ModelAdmin):
    """A record the app writes (an event, a sent reminder, a request moved by its workflow):
    read in the admin, never added, changed or deleted there."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "active"]
    list_filter = ["active"]
    search_fields = ["code", "name"]


class HubUserCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "agency"]


class HubUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = HubUserChangeForm
    add_form = HubUserCreationForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "agency", "is_staff", "is_active"]
    list_filter = ["agency", "groups", "is_staff", "is_active"]
    list_select_related = ["agency"]
    search_fields = ["email", "first_name", "last_name", "agency__code"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["first_name", "last_name", "agency"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "first_name", "last_name", "agency", "password1", "password2"],
            },
        )
    ]


@admin.register(SecurityEvent)
class SecurityEventAdmin(RecordAdmin):
    """The audit log: superusers read it; nobody adds, changes or deletes a row here."""

    list_display = ["occurred_at", "kind", "email", "client_address"]
    list_filter = ["kind", ("occurred_at", admin.DateFieldListFilter)]
    search_fields = ["email", "client_address"]
    date_hierarchy = "occurred_at"
    readonly_fields = ["occurred_at", "kind", "user", "email", "client_address", "details"]
    fields = readonly_fields
    list_select_related = ["user"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser
