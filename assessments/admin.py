from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from accounts.admin import RecordAdmin
from assessments import selectors, services
from assessments.aggregation import results_changed
from assessments.models import (
    AgencyGroup,
    Answer,
    Item,
    Option,
    Question,
    ReportNarrative,
    Response,
    Scale,
    Section,
    SentReminder,
    Survey,
)
from assessments.permissions import is_curator


class ChangesResultsMixin:
    """An admin save or delete of a questionnaire or a response changes the results: they
    are counted again in the admin's transaction (results_changed), after the inlines
    (save_related runs for every saved change form, once its inlines are saved)."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        results_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        results_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        results_changed()


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0


class ScaleInline(admin.TabularInline):
    model = Scale
    extra = 0
    show_change_link = True


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["section", "position", "key", "kind", "text", "scale", "profile_field", "required"]
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        survey_id = request.resolver_match.kwargs.get("object_id")
        if db_field.name == "section" and survey_id:
            kwargs["queryset"] = Section.objects.filter(survey_id=survey_id)
        if db_field.name == "scale" and survey_id:
            kwargs["queryset"] = Scale.objects.filter(survey_id=survey_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Survey)
class SurveyAdmin(ChangesResultsMixin, SimpleHistoryAdmin):
    list_display = ["key", "title", "cycle", "opens", "closes", "reminder_days", "baseline"]
    search_fields = ["key", "title", "cycle"]
    inlines = [SectionInline, ScaleInline, QuestionInline]
    actions = ["copy_to_new_cycle"]

    @admin.action(description="Copy to a new cycle (questions only, no responses)")
    def copy_to_new_cycle(self, request, queryset):
        for survey in queryset:
            copy = services.copy_survey(survey)
            self.message_user(
                request,
                f"Copied {survey.key} to {copy.key} (cycle {copy.cycle}).",
                messages.SUCCESS,
            )


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0


@admin.register(Scale)
class ScaleAdmin(ChangesResultsMixin, admin.ModelAdmin):
    list_display = ["key", "survey"]
    list_filter = ["survey"]
    inlines = [OptionInline]


class ItemInline(admin.TabularInline):
    model = Item
    extra = 0
    fields = ["position", "key", "text", "short_label", "hub_tags"]


@admin.register(Question)
class QuestionAdmin(ChangesResultsMixin, SimpleHistoryAdmin):
    list_display = ["key", "survey", "section", "kind", "required"]
    list_filter = ["survey", "kind", "required"]
    search_fields = ["key", "text"]
    list_select_related = ["survey", "section"]
    inlines = [ItemInline]


class CuratorWritesMixin:
    """Raw answers follow the app's rules in the admin too: curators see and change every
    response; other staff (given model permissions for another reason) see only their own
    agency's responses and change nothing."""

    def has_add_permission(self, request, *args):
        return is_curator(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return is_curator(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_curator(request.user) and super().has_delete_permission(request, obj)


class AnswerInline(CuratorWritesMixin, admin.TabularInline):
    model = Answer
    extra = 0
    fields = ["question", "item", "option", "rank", "text"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        visible = Response.objects.visible_to(request.user)
        return super().get_queryset(request).filter(response__in=visible)


@admin.register(Response)
class ResponseAdmin(ChangesResultsMixin, CuratorWritesMixin, admin.ModelAdmin):
    list_display = [
        "survey",
        "agency",
        "respondent",
        "external_ref",
        "role",
        "status",
        "submitted_at",
    ]
    list_filter = ["survey", "status", "role"]
    search_fields = ["respondent__email", "external_ref", "agency__code"]
    list_select_related = ["survey", "agency", "respondent"]
    readonly_fields = ["submitted_at", "created", "updated"]
    inlines = [AnswerInline]
    actions = ["reopen"]

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    @admin.action(
        description="Reopen (back to draft, the respondent can change it)",
        permissions=["change"],
    )
    def reopen(self, request, queryset):
        count = sum(services.reopen_response(r) for r in queryset)
        self.message_user(request, f"{count} response(s) reopened.", messages.SUCCESS)


@admin.register(AgencyGroup)
class AgencyGroupAdmin(admin.ModelAdmin):
    list_display = ["name"]
    filter_horizontal = ["agencies"]


@admin.register(ReportNarrative)
class ReportNarrativeAdmin(SimpleHistoryAdmin):
    """The narrative beside the respondents' text answers to draw from (change_form.html)."""

    list_display = ["survey", "updated"]
    list_select_related = ["survey"]
    change_form_template = "admin/assessments/reportnarrative/change_form.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        narrative = self.get_object(request, object_id)
        extra = {"text_answers": selectors.text_answers(narrative.survey) if narrative else []}
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

    def add_view(self, request, form_url="", extra_context=None):
        survey_id = request.GET.get("survey")
        answers = []
        if survey_id and survey_id.isdigit():
            survey = Survey.objects.filter(pk=survey_id).first()
            answers = selectors.text_answers(survey) if survey else []
        return super().add_view(
            request, form_url, {**(extra_context or {}), "text_answers": answers}
        )


@admin.register(SentReminder)
class SentReminderAdmin(RecordAdmin):
    """The record of reminders sent: read only (the services write it)."""

    list_display = ["sent_at", "survey", "recipient", "agency", "step"]
    list_filter = ["survey", "step"]
    list_select_related = ["survey", "recipient", "agency"]
