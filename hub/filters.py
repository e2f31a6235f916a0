"""The catalog's search and facets as a django-filter FilterSet; the URL carries every filter.

Facets combine with AND: a type, an audience, a provider and any number of tags (a resource
must carry every chosen tag). `q` is a full-text search, corrected for typos first.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef

from hub import search
from hub.catalog_models import Audience, Resource, ResourceType, TaggedResource
from hub.models import Agency

SORTS = {"relevance": "Relevance", "newest": "Newest", "title": "Title"}


class SlugListField(forms.Field):
    """Several values of one parameter (`?tag=a&tag=b`), each a slug."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else [value] if value else []
        return [v.strip() for v in values if v and len(v) <= 100]


class TagsFilter(django_filters.Filter):
    field_class = SlugListField

    def filter(self, qs, value):
        for slug in dict.fromkeys(value or []):
            qs = qs.filter(
                Exists(TaggedResource.objects.filter(content_object=OuterRef("pk"), tag__slug=slug))
            )
        return qs


class ResourceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label="Search")
    type = django_filters.ChoiceFilter(
        field_name="resource_type", choices=ResourceType.choices, label="Type"
    )
    audience = django_filters.ChoiceFilter(choices=Audience.choices, label="Audience")
    provider = django_filters.ModelChoiceFilter(
        queryset=Agency.objects.all(), to_field_name="code", label="Provider"
    )
    tag = TagsFilter(label="Tags")
    sort = django_filters.ChoiceFilter(
        choices=list(SORTS.items()), method="filter_sort", label="Sort by", empty_label=None
    )

    class Meta:
        model = Resource
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.corrected_query = ""

    def filter_search(self, queryset, name, value):
        text = value.strip()[:200]
        if not text:
            return queryset
        corrected = search.correct_query(text)
        if corrected != text:
            self.corrected_query = corrected
        return search.apply_search(queryset, corrected)

    def filter_sort(self, queryset, name, value):
        return queryset  # ordering is applied last, by `ordered()`

    def ordered(self, queryset):
        """The sort chosen (relevance needs a search; without one the newest come first)."""
        sort = self.form.cleaned_data.get("sort") or ""
        has_query = bool((self.form.cleaned_data.get("q") or "").strip())
        if sort == "title":
            return queryset.order_by("title", "id")
        if has_query and sort in ("relevance", ""):
            return queryset.order_by("-rank", "-published_at", "-id")
        return queryset.order_by("-published_at", "-id")

    @property
    def current_sort(self) -> str:
        sort = self.form.cleaned_data.get("sort") or ""
        has_query = bool((self.form.cleaned_data.get("q") or "").strip())
        if sort == "relevance" and not has_query:
            return "newest"
        return sort or ("relevance" if has_query else "newest")
