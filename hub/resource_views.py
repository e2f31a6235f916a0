"""Pages of the resource catalog: search with facets, detail, tags, watches, curation."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db import IntegrityError
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST
from taggit.models import Tag

from hub import permissions, search, selectors
from hub.catalog_models import Resource, Watch
from hub.filters import SORTS, ResourceFilter

PAGE_SIZE = 20
FACET_PARAMS = ["q", "type", "audience", "provider", "tag"]


class KnownCountPaginator(Paginator):
    """The facet query already counted the matches; do not count them again."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


def search_params(querydict) -> QueryDict:
    """The filters of a search (what a saved search stores), in a stable order."""
    params = QueryDict(mutable=True)
    for name in FACET_PARAMS:
        values = [v.strip() for v in querydict.getlist(name) if v.strip()]
        if name == "tag":
            values = sorted(set(values))
        if values:
            params.setlist(name, values if name == "tag" else values[:1])
    return params


def with_params(params: QueryDict, name: str, value: str | None, multi: bool = False) -> str:
    """The list URL with one filter toggled (set, replaced or removed).

    Built from plain pairs rather than QueryDict copies: a page makes some sixty of these."""
    pairs = [(key, v) for key, values in params.lists() for v in values]
    current = [v for key, v in pairs if key == name]
    others = [(key, v) for key, v in pairs if key != name]
    if multi:
        kept = [v for v in current if v != value] if value in current else [*current, value]
    elif value is None or value in current:
        kept = []
    else:
        kept = [value]
    order = list(dict.fromkeys([key for key, _ in pairs] + [name]))
    merged = others + [(name, v) for v in kept]
    merged.sort(key=lambda pair: order.index(pair[0]))
    return "?" + urlencode(merged) if merged else "?"


def page_number(value) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def catalog_page(filterset, number):
    """Facets and one page of results in as few queries as the case allows.

    Unfiltered: the cached catalog facets, and the page from the newest/title index.
    Filtered: one statement computes the facets and the page's ids; the rows follow.
    """
    matched = filterset.qs
    sort = filterset.current_sort
    number = page_number(number)
    data = filterset.form.cleaned_data  # invalid values are ignored, so they count as unset
    filtered = bool((data.get("q") or "").strip()) or any(
        data.get(name) for name in ("type", "audience", "provider", "tag")
    )
    if not filtered:
        facets = search.unfiltered_facet_counts(matched)
        results = filterset.ordered(matched).select_related("provider").defer("search_vector")
        page = KnownCountPaginator(results, PAGE_SIZE, facets.total).get_page(number)
        page.object_list = selectors.attach_tags(page.object_list)
        return facets, page
    offset = (number - 1) * PAGE_SIZE
    facets, ids = search.facets_and_page(matched, sort, offset, PAGE_SIZE)
    paginator = KnownCountPaginator([], PAGE_SIZE, facets.total)
    if number > paginator.num_pages:  # past the end: show the last page, as get_page does
        number = paginator.num_pages
        ids = search.facets_and_page(matched, sort, (number - 1) * PAGE_SIZE, PAGE_SIZE)[1]
    rows = Resource.objects.filter(pk__in=ids).select_related("provider").defer("search_vector")
    by_id = {r.pk: r for r in rows}
    results = selectors.attach_tags(by_id[pk] for pk in ids if pk in by_id)
    return facets, Page(results, number, paginator)


def resource_index(request):
    """Search, facets with counts, sort and pagination over published resources."""
    filterset = ResourceFilter(request.GET, queryset=Resource.objects.published())
    filterset.is_valid()  # invalid values are ignored, as django-filter does
    data = filterset.form.cleaned_data
    facets, page = catalog_page(filterset, request.GET.get("page"))

    params = search_params(request.GET)
    sort = filterset.current_sort
    keep = params.copy()
    if request.GET.get("sort"):
        keep["sort"] = sort
    chosen = {
        "type": data.get("type") or "",
        "audience": data.get("audience") or "",
        "provider": data.get("provider") or "",
    }
    for name, values in [
        ("type", facets.resource_type),
        ("audience", facets.audience),
        ("provider", facets.provider),
    ]:
        for item in values:
            item.selected = item.value == chosen[name]
            item.url = with_params(keep, name, item.value)
    chosen_tags = data.get("tag") or []
    for item in facets.tag:
        item.selected = item.value in chosen_tags
        item.url = with_params(keep, "tag", item.value, multi=True)

    active = []
    if data.get("q"):
        active.append(("Search", data["q"], with_params(keep, "q", None)))
    labels = {"type": "Type", "audience": "Audience", "provider": "Provider"}
    field_choices = {
        "type": dict(filterset.filters["type"].extra["choices"]),
        "audience": dict(filterset.filters["audience"].extra["choices"]),
    }
    for name, value in chosen.items():
        if value:
            if name == "provider":
                shown = next((p.label for p in facets.provider if p.value == value), value)
            else:
                shown = field_choices[name][value]
            active.append((labels[name], shown, with_params(keep, name, None)))
    for slug in chosen_tags:
        active.append(("Tag", slug, with_params(keep, "tag", slug, multi=True)))

    query_string = params.urlencode()
    watching = (
        bool(query_string) and Watch.objects.filter(user=request.user, query=query_string).exists()
    )
    sorts = [
        (
            key,
            label,
            with_params(params, "sort", key) if key != "relevance" or data.get("q") else "",
        )
        for key, label in SORTS.items()
    ]
    page_params = params.copy()
    if request.GET.get("sort"):
        page_params["sort"] = sort
    return render(
        request,
        "hub/resource_index.html",
        {
            "filter": filterset,
            "facets": facets,
            "page_obj": page,
            "active_filters": active,
            "sort": sort,
            "sorts": sorts,
            "query_string": query_string,
            "page_query": page_params.urlencode(),
            "corrected_query": filterset.corrected_query,
            "watching": watching,
            "clear_url": "?",
        },
    )


def resource_detail(request, slug):
    """One resource; drafts and archived resources are found by curators only (a preview)."""
    resource = get_object_or_404(
        Resource.objects.visible_to(request.user).select_related("provider", "owner"), slug=slug
    )
    tags = list(resource.tags.order_by("name"))
    watched = set(
        Watch.objects.filter(user=request.user, tag__in=tags).values_list("tag_id", flat=True)
    )
    for tag in tags:
        tag.watched = tag.pk in watched
        tag.list_url = "?" + urlencode({"tag": tag.slug})
    return render(
        request,
        "hub/resource_detail.html",
        {
            "resource": resource,
            "tags": tags,
            "related": selectors.related_resources(resource),
            "is_curator": permissions.is_curator(request.user),
        },
    )


def tag_list(request):
    tags = selectors.tag_counts()
    return render(
        request,
        "hub/tag_list.html",
        {"topics": [t for t in tags if t.is_topic], "tags": tags},
    )


def watch_list(request):
    watches = list(selectors.watches_of(request.user))
    for watch in watches:
        watch.url = "?" + urlencode({"tag": watch.tag.slug}) if watch.tag_id else "?" + watch.query
    return render(request, "hub/watch_list.html", {"watches": watches})


@require_POST
def watch_create(request):
    """Follow a tag (`tag` = slug) or the search given as `query` (a list query string)."""
    tag_slug = request.POST.get("tag", "").strip()
    if tag_slug:
        tag = get_object_or_404(Tag, slug=tag_slug)
        fields = {"tag": tag}
        label = f"the tag “{tag.name}”"
    else:
        query = search_params(QueryDict(request.POST.get("query", ""))).urlencode()
        if not query:
            messages.error(request, "Choose a search or a tag to watch.")
            return redirect("hub:resource_index")
        fields = {"query": query}
        label = "this search"
    try:
        _, created = Watch.objects.get_or_create(user=request.user, **fields)
    except IntegrityError:
        created = False
    messages.success(
        request,
        f"You are watching {label}. New resources come in your email digest."
        if created
        else f"You were already watching {label}.",
    )
    return redirect(safe_next(request) or "hub:watch_list")


@require_POST
def watch_delete(request, pk):
    watch = get_object_or_404(Watch, pk=pk, user=request.user)
    watch.delete()
    messages.success(request, "You no longer watch that.")
    return redirect("hub:watch_list")


def safe_next(request) -> str:
    target = request.POST.get("next", "")
    return target if target.startswith("/resources/") and "//" not in target else ""


def curation(request):
    """Broken links and resources past their review-by date, for curators."""
    if not permissions.is_curator(request.user):
        raise PermissionDenied
    return render(
        request,
        "hub/curation.html",
        {"broken": selectors.broken_links(), "overdue": selectors.past_review()},
    )
