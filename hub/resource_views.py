"""Pages of the resource catalog: search with facets, detail, tags, watches, curation."""

import csv
import mimetypes
import posixpath
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from taggit.models import Tag

from config import cache_versions
from hub import permissions, protected_files, resource_csv, search_page, selectors, tasks
from hub.catalog_models import Resource, Watch
from hub.filters import ResourceFilter
from hub.formula_guard import safe_cell


def resource_index(request):
    """Search, facets with counts, sort and pagination over published resources.

    The listing is the same for every signed-in user, so the template caches its fragments
    for the catalog's version and this query string; it is computed only when one misses.
    The search box and the user's watch form are rendered for each request."""
    filterset = ResourceFilter(request.GET, queryset=Resource.objects.published())
    filterset.is_valid()  # invalid values are ignored, as django-filter does
    # Read before the listing is computed (config.cache_versions).
    catalog_version = cache_versions.version(cache_versions.CATALOG)
    listing = SimpleLazyObject(lambda: search_page.build_listing(request.GET, filterset))
    query_string = search_page.search_params(request.GET).urlencode()
    return render(
        request,
        "hub/resource_index.html",
        {
            "CACHE_SECONDS": cache_versions.CACHE_SECONDS,
            "catalog_version": catalog_version,
            "filter": filterset,
            "listing": listing,
            "facets": SimpleLazyObject(lambda: listing.facets),
            "page_obj": SimpleLazyObject(lambda: listing.page),
            "corrected_query": SimpleLazyObject(lambda: listing.corrected_query),
            "sort": filterset.current_sort,
            "query_string": query_string,
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
    """One resource; drafts and archived resources are found by curators only (a preview).

    The description and the related resources are the same for everyone who may see the
    resource, so the template caches them for the catalog's version (read first, see
    config.cache_versions); the related ones are read only when that fragment misses. The
    tags carry the user's own follow buttons and are read for each request."""
    catalog_version = cache_versions.version(cache_versions.CATALOG)
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
            "CACHE_SECONDS": cache_versions.CACHE_SECONDS,
            "catalog_version": catalog_version,
            "resource": resource,
            "tags": tags,
            "related": SimpleLazyObject(lambda: selectors.related_resources(resource)),
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
    """Every tag with its count: the same for everyone and a thousand rows long, so the
    template caches the lists for the catalog's version; they are read only when it misses."""
    catalog_version = cache_versions.version(cache_versions.CATALOG)
    tags = SimpleLazyObject(tags_with_links)
    return render(
        request,
        "hub/tag_list.html",
        {
            "CACHE_SECONDS": cache_versions.CACHE_SECONDS,
            "catalog_version": catalog_version,
            "tags": tags,
            "topics": SimpleLazyObject(lambda: [t for t in tags if t.is_topic]),
        },
    )


def tags_with_links() -> list:
    tags = selectors.tag_counts()
    base = reverse("hub:resource_index")
    for tag in tags:
        tag.href = base + "?" + urlencode({"tag": tag.slug})
    return tags


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
    if request.POST.get("confirmed") != "1":  # without JavaScript: the confirmation page
        what = f"the tag {watch.tag.name}" if watch.tag else f"the search {watch.query}"
        confirm = {
            "title": f"Stop watching {what}?",
            "body": "You will no longer get its new resources in your email digest. "
            "You can watch it again at any time.",
            "action_url": request.path,
            "confirm_label": "Stop watching",
            "cancel_url": reverse("hub:watch_list"),
            "danger": True,
        }
        return render(request, "components/confirm.html", {"confirm": confirm})
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


@require_POST
def curation_check_links(request):
    """A curator starts the link check now, as a background task with its progress page."""
    if not permissions.is_curator(request.user):
        raise PermissionDenied
    run = tasks.start_link_check(request.user)
    return redirect("jobs:status", pk=run.pk)


def catalog_csv(request):
    """Published resources, for feeds and spreadsheets (columns: resource_csv.FEED_COLUMNS)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="resource-catalog.csv"'
    writer = csv.writer(response)
    writer.writerow(resource_csv.FEED_COLUMNS)
    for row in resource_csv.feed_rows():
        writer.writerow([safe_cell(cell) for cell in row])
    return response


def catalog_json(request):
    columns = resource_csv.FEED_COLUMNS
    rows = [dict(zip(columns, row, strict=True)) for row in resource_csv.feed_rows()]
    return JsonResponse({"columns": columns, "resources": rows})
