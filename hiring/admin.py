"""Curators edit the hiring toolkit here, with history (django-simple-history)."""

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from hiring.models import (
    CompetingGuidance,
    InterviewKit,
    InterviewQuestion,
    JobClassification,
    JobPosting,
    PartnerSchool,
    Program,
)

HTTPS = {models.URLField: {"assume_scheme": "https"}}


class CuratedAdmin(SimpleHistoryAdmin):
    """A sample is listed and filtered as one, so curators find what is left to replace."""

    list_filter = ["is_sample"]
    formfield_overrides = HTTPS


@admin.register(JobClassification)
class JobClassificationAdmin(CuratedAdmin):
    list_display = ["title", "class_code", "role", "salary_group", "is_sample"]
    list_filter = ["role", "is_sample"]
    search_fields = ["title", "class_code", "typical_duties"]


@admin.register(JobPosting)
class JobPostingAdmin(CuratedAdmin):
    list_display = ["title", "role", "classification", "is_sample"]
    list_filter = ["role", "is_sample"]
    list_select_related = ["classification"]
    search_fields = ["title", "summary"]


class InterviewQuestionInline(admin.StackedInline):
    model = InterviewQuestion
    extra = 1
    fields = ["position", "question", "listen_for"]


@admin.register(InterviewKit)
class InterviewKitAdmin(CuratedAdmin):
    list_display = ["title", "role", "is_sample"]
    list_filter = ["role", "is_sample"]
    search_fields = ["title", "questions__question"]
    inlines = [InterviewQuestionInline]


@admin.register(Program)
class ProgramAdmin(CuratedAdmin):
    list_display = ["name", "kind", "is_sample"]
    list_filter = ["kind", "is_sample"]
    search_fields = ["name", "description"]


@admin.register(PartnerSchool)
class PartnerSchoolAdmin(CuratedAdmin):
    list_display = ["name", "is_sample"]
    search_fields = ["name", "notes"]
    filter_horizontal = ["programs"]


@admin.register(CompetingGuidance)
class CompetingGuidanceAdmin(CuratedAdmin):
    list_display = ["title", "theme", "is_sample"]
    list_filter = ["theme", "is_sample"]
    search_fields = ["title", "body"]
