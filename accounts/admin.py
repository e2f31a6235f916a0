"""The admin of people and agencies (OPM manages accounts here)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm

from accounts.models import Agency, User


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
