"""The catalog's search and facets as a django-filter FilterSet; the URL carries every filter.

Facets combine with AND: a type, an audience, a provider and any number of tags (a resource
must carry every chosen tag). `q` is a full-text search, corrected for typos first.
"""

import django_filters
from django import forms
from taggit.models import Tag

from hub import search
from hub.catalog_models import Audience, Resource, ResourceType, Status

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

    def get_form_class(self):
        """django-filter builds a new form class, with new fields, for every filterset (every
        request); ours depends on the declared filters only, so it is built once. Each form
        still gets its own copies of the fields (Django's forms copy them)."""
        cls = type(self)
        form_class = cls.__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            form_class.base_fields = FieldCopies(form_class.base_fields)
            cls._form_class = form_class
        return form_class

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
        return search.apply_search(queryset, text) if text else queryset

    def published_matches_sql(self, columns, text: str) -> tuple[str, list]:
        """The published resources these filters keep, as SQL with its parameters: these
        columns of hub_resource, and `rank` for a search. `text` is `q` as `search_text`
        gave it. The same rows as `self.qs` on the published resources
        (tests/hub/test_matches_sql.py holds the two together); the list page runs it inside
        its one statement, where building and compiling the ORM query cost more Python than
        the statement cost PostgreSQL. Call after `is_valid()`."""
        data = self.form.cleaned_data  # an invalid value is left out, as django-filter does
        select = [f"r.{name}" for name in columns if name != "rank"]
        select_params, where, params = [], ["r.status = %s"], [Status.PUBLISHED.value]
        if text:
            where.append(f"r.search_vector @@ {search.TSQUERY_SQL}")
            params.append(text)
            if "rank" in columns:
                select.append(f"ts_rank(r.search_vector, {search.TSQUERY_SQL}) AS rank")
                select_params.append(text)
        for name, column in [("type", "resource_type"), ("audience", "audience")]:
            if data.get(name):
                where.append(f"r.{column} = %s")
                params.append(data[name])
        if data.get("provider"):
            where.append("r.provider_id IN (SELECT a.id FROM accounts_agency a WHERE a.code = %s)")
            params.append(data["provider"])
        slugs = sorted(set(data.get("tag") or []))
        if slugs:  # every tag, as TagsFilter: an unknown one leaves NULL, which nothing holds
            where.append(
                "r.tag_ids @> (SELECT array_agg(t.id) FROM taggit_tag t"
                " WHERE t.slug = ANY(%s) HAVING count(*) = %s)"
            )
            params += [slugs, len(slugs)]
        # Only the constants above are written into the SQL; every value is a parameter.
        sql = f"SELECT {', '.join(select)} FROM hub_resource r WHERE {' AND '.join(where)}"  # noqa: S608  # nosec B608
        return sql, select_params + params

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


class FilterCopies(dict):
    """The declared filters. django-filter deep-copies them for every filterset, choice lists
    and labels included (0.06 ms a request); what a filter holds per filterset is its parent
    and model, set on a shallow copy, and its method, bound again to the copy."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, declared in self.items():
            copied = copies[name] = shallow_copy(declared)
            if declared.method is not None:
                copied.method = declared.method  # a FilterMethod of the copy, not the original
        return copies


class FieldCopies(dict):
    """The form's fields. Django deep-copies them for every form (0.07 ms a request); this
    copies what a form may change (the field, its widget and their attrs, messages and
    validators, as Field.__deepcopy__ does) and shares the choices, which nothing changes."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, declared in self.items():
            copied = copies[name] = shallow_copy(declared)
            copied.widget = shallow_copy(declared.widget)
            copied.widget.attrs = declared.widget.attrs.copy()
            copied.error_messages = declared.error_messages.copy()
            copied.validators = declared.validators[:]
        return copies


def shallow_copy(obj):
    """What copy.copy gives for an object with a plain __dict__ and no __copy__ (filters,
    form fields, widgets), without its pickling protocol (a quarter of the time)."""
    copied = object.__new__(type(obj))
    copied.__dict__.update(obj.__dict__)
    return copied


ResourceFilter.base_filters = FilterCopies(ResourceFilter.base_filters)

ORDERINGS = {
    "relevance": ["-rank", "-published_at", "-id"],
    "newest": ["-published_at", "-id"],
    "title": ["title", "id"],
}
