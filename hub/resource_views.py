"""Pages of the resource catalog: search with facets, detail, tags, watches, curation."""

import mimetypes
import posixpath
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Exists, OuterRef
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from taggit.models import Tag

from hub import permissions, protected_files, search, search_page, selectors
from hub.catalog_models import Resource, Watch
from hub.filters import ResourceFilter


def resource_index(request):
    """Search, facets with counts, sort and pagination over published resources."""
    filterset = ResourceFilter(request.GET, queryset=Resource.objects.published())
    filterset.is_valid()  # invalid values are ignored, as django-filter does
    listing = search_page.cached_listing(request.GET, filterset)
    query_string = listing.query_string
    return render(
        request,
        "hub/resource_index.html",
        {
            "filter": filterset,
            "listing": listing,
            "facets": listing.facets,
            "page_obj": listing.page,
            "sort": filterset.current_sort,
            "query_string": query_string,
            "corrected_query": listing.corrected_query,
            "watching": bool(query_string) and selectors.watches_search(request.user, query_string),
            # The search box: the words searched, and the other parameters in hidden fields
            # so that a new search keeps them.
            "searched": filterset.form.cleaned_data.get("q") or "",
            "kept_params": [
                (name, value)
                for name, values in request.GET.lists()
                if name not in ("q", "page")
                for value in values
            ],
        },
    )


def resource_detail(request, slug):
    """One resource; drafts and archived resources are found by curators only (a preview)."""
    resource = get_object_or_404(
        Resource.objects.visible_to(request.user).select_related("provider", "owner"), slug=slug
    )
    mine = Watch.objects.filter(user=request.user, tag=OuterRef("pk"))
    tags = list(resource.tags.annotate(watched=Exists(mine)).order_by("name"))
    for tag in tags:
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


def resource_file(request, slug):
    """The resource's uploaded file, to whoever may see the resource (drafts: curators)."""
    resource = get_object_or_404(Resource.objects.visible_to(request.user), slug=slug)
    if not resource.file:
        raise Http404("This resource has no file.")
    extension = posixpath.splitext(resource.file.name)[1]
    return protected_files.file_response(
        resource.file,
        filename=resource.slug + extension,
        content_type=mimetypes.guess_type(resource.file.name)[0] or "application/octet-stream",
    )


def tag_list(request):
    """Every tag with its count. The lists are the same for everyone and a thousand rows
    long, so their HTML is kept for the catalog's generation (any change renews it)."""
    return render(
        request,
        "hub/tag_list.html",
        {"lists": search.cached_for_catalog("tag-lists-html", tag_lists_html)},
    )


def tag_lists_html() -> str:
    tags = selectors.tag_counts()
    # One reverse for the page, not one per tag: the catalog has a thousand tags.
    base = reverse("hub:resource_index")
    for tag in tags:
        tag.href = base + "?" + urlencode({"tag": tag.slug})
    return render_to_string(
        "hub/_tag_lists.html", {"topics": [t for t in tags if t.is_topic], "tags": tags}
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
        if len(tag_slug) > 100 or not tag_slug.isprintable():
            raise Http404("No such tag.")  # a slug never holds these; PostgreSQL refuses NUL
        tag = get_object_or_404(Tag, slug=tag_slug)
        fields = {"tag": tag}
        label = f"the tag “{tag.name}”"
    else:
        query = search_page.search_params(QueryDict(request.POST.get("query", ""))).urlencode()
        if not query or len(query) > Watch._meta.get_field("query").max_length:
            messages.error(request, "Choose a search (shorter than 500 characters) or a tag.")
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
    """A page of the catalog on this site, or nothing: never another host, never a header
    break (control characters), never a path that climbs out of /resources/."""
    target = request.POST.get("next", "")
    if (
        not target.startswith("/resources/")
        or not target.isascii()
        or not target.isprintable()
        or any(bad in target for bad in ("//", "\\", "..", " "))
        or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    ):
        return ""
    return target


def curation(request):
    """Broken links and resources past their review-by date, for curators."""
    if not permissions.is_curator(request.user):
        raise PermissionDenied
    return render(
        request,
        "hub/curation.html",
        {"broken": selectors.broken_links(), "overdue": selectors.past_review()},
    )
