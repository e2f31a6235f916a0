"""The catalog's search and facets as a django-filter FilterSet; the URL carries every filter.

Facets combine with AND: a type, an audience, a provider and any number of tags (a resource
must carry every chosen tag). `q` is a full-text search, corrected for typos first.
"""

import django_filters
from django import forms
from taggit.models import Tag

from hub import search
from hub.catalog_models import Audience, Resource, ResourceType

SORTS = {"relevance": "Relevance", "newest": "Newest", "title": "Title"}


class SlugListField(forms.Field):
    """Several values of one parameter (`?tag=a&tag=b`), each a slug."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else [value] if value else []
        # A slug never holds control characters (PostgreSQL refuses NUL): such values are
        # dropped like overlong ones, as an unknown tag would be.
        return [v.strip() for v in values if v and len(v) <= 100 and v.isprintable()]


class TagsFilter(django_filters.Filter):
    field_class = SlugListField

    def filter(self, qs, value):
        """Every chosen tag must be on the resource (a GIN-indexed array containment)."""
        slugs = set(value or [])
        if not slugs:
            return qs
        ids = list(Tag.objects.filter(slug__in=slugs).values_list("pk", flat=True))
        if len(ids) < len(slugs):
            return qs.none()
        return qs.filter(tag_ids__contains=sorted(ids))


class ResourceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label="Search")
    type = django_filters.ChoiceFilter(
        field_name="resource_type", choices=ResourceType.choices, label="Type"
    )
    audience = django_filters.ChoiceFilter(choices=Audience.choices, label="Audience")
    provider = django_filters.CharFilter(
        field_name="provider__code", label="Provider (agency code)", max_length=16
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
        self.searched_text = ""  # what `q` searched for, after correction
        self.widened = False  # whether the curators' synonyms widened the search

    def search_text(self, value) -> str:
        """The words `q` searches for, corrected for typos (the page shows the correction);
        empty for no search."""
        text = (value or "").strip()[:200]
        if not text:
            return ""
        corrected = search.correct_query(text)
        if corrected != text:
            self.corrected_query = corrected
        self.searched_text = corrected
        return corrected

    def filter_search(self, queryset, name, value):
        text = self.search_text(value)
        if not text:
            return queryset
        query, self.widened = search.build_query(text)
        return search.apply_query(queryset, query)

    def filter_sort(self, queryset, name, value):
        return queryset  # ordering is applied last, by `ordered()` or hub.search

    @property
    def current_sort(self) -> str:
        """The sort in force: relevance needs a search; without one the newest come first."""
        sort = self.form.cleaned_data.get("sort") or ""
        has_query = bool((self.form.cleaned_data.get("q") or "").strip())
        if sort == "relevance" and not has_query:
            return "newest"
        return sort or ("relevance" if has_query else "newest")

    def ordered(self, queryset):
        return queryset.order_by(*ORDERINGS[self.current_sort])


ORDERINGS = {
    "relevance": ["-rank", "-published_at", "-id"],
    "newest": ["-published_at", "-id"],
    "title": ["title", "id"],
}
