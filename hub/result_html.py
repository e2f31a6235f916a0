"""The list page's parts built in Python: those that depend on the search alone (filters,
facets, result count, sorts, results, pages) once per listing (hub.search_page keeps the
HTML), and the search box and watch button for each request.

A page has some sixty facet links and twenty results; through the template engine (or even
`format_html`, call by call) they cost more than the search itself. These builders write the
same HTML with every value passed through `html.escape` (what Django's `escape` does), so
nothing from a resource, a URL or the request reaches the page unescaped.
"""

import functools
from html import escape

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString

from hub.catalog_models import Audience, ResourceType

TYPE_LABELS = dict(ResourceType.choices)
AUDIENCE_LABELS = dict(Audience.choices)
SELECTED = ' aria-current="true" class="fw-bold"'
REMOVE = '<span class="visually-hidden">Remove filter: </span>'


def _e(value) -> str:
    return escaped(str(value))


def _e_once(value) -> str:
    """For what belongs to one request (its words, its URL, its CSRF token): escaped without
    the memo, which it would only crowd (and a token should not outlive its page)."""
    return escape(str(value), quote=True)


@functools.lru_cache(maxsize=8192)
def escaped(text: str) -> str:
    """Most of a page's values recur from page to page (tag names, labels, agencies, the
    facet links of a search): each is escaped once per process."""
    return escape(text, quote=True)


def facet_section(title: str, key: str, values) -> SafeString:
    """One facet's heading and toggle links, or nothing when it has no values."""
    if not values:
        return SafeString("")
    k = _e(key)
    items = "".join(
        f'<li><a href="{_e(v.url)}" data-facet="{k}" data-value="{_e(v.value)}"'
        f"{SELECTED if v.selected else ''}>{REMOVE if v.selected else ''}{_e(v.label)} "
        f'<span class="facet-count">({int(v.count)})</span></a></li>'
        for v in values
    )
    return SafeString(  # nosec B703
        f'<section class="mb-3 facet" aria-labelledby="facet-{k}">\n'
        f'  <h3 class="h6" id="facet-{k}">{_e(title)}</h3>\n'
        f'  <ul class="list-unstyled mb-0">\n    {items}\n  </ul>\n</section>'
    )


FACETS = [("Type", "type", "resource_type"), ("Tags", "tag", "tag"),
          ("Audience", "audience", "audience"), ("Provider", "provider", "provider")]  # fmt: skip


def facet_sections(facets) -> SafeString:
    """The sidebar's facets in their order: type, tags, audience, provider."""
    sections = (facet_section(title, key, getattr(facets, attr)) for title, key, attr in FACETS)
    return SafeString("\n    ".join(s for s in sections if s))  # nosec B703 (escaped above)


def result_items(resources) -> SafeString:
    """The result rows: title link, type · audience · provider, summary and tags.

    Marked safe (bandit B703 reviewed) because every value in a row went through escape().
    """
    prefix, suffix = _detail_url(get_script_prefix(), get_urlconf())
    rows = "\n".join(
        result_line(r.title, r.slug, r.resource_type, r.audience, r.provider_name, r.summary,
                tuple(r.tag_list), prefix, suffix)
        for r in resources
    )  # fmt: skip
    return SafeString(rows)  # nosec B703


@functools.lru_cache(maxsize=64)
def _detail_url(script_prefix: str, urlconf) -> tuple[str, str]:
    """A detail URL's parts before and after the slug, found once per prefix and URLconf."""
    prefix, suffix = reverse("hub:resource_detail", args=["slug-placeholder"]).split(
        "slug-placeholder"
    )
    return prefix, suffix


@functools.lru_cache(maxsize=4096)
def result_line(title, slug, resource_type, audience, provider_name, summary, tags, prefix, suffix):
    """One result's HTML, from its values alone: a result shown on one page view is likely
    shown on the next (the first page of a list, after each catalog change), so the HTML of
    the last few thousand is kept in the process."""
    meta = [TYPE_LABELS.get(resource_type, resource_type), AUDIENCE_LABELS.get(audience, audience)]
    if provider_name:
        meta.append(provider_name)
    summary = f'<p class="mb-1">{_e(summary)}</p>' if summary else ""
    tags = "".join(
        f'<span class="badge text-bg-light border me-1">{_e(name)}</span>' for name in tags
    )
    return (
        '<li class="mb-3 pb-3 border-bottom">\n'
        f'  <h3 class="h5 mb-1"><a href="{_e(prefix + slug + suffix)}">{_e(title)}</a></h3>\n'
        f'  <p class="small text-body-secondary mb-1">{_e(" · ".join(meta))}</p>\n'
        f"  {summary}\n"
        f'  <p class="small mb-0">{tags}</p>\n'
        "</li>"
    )


def sidebar(active_filters, facets_html: str) -> SafeString:
    """The filter column: the filters in force (each with a link that removes it) and the
    facets."""
    active = ""
    if active_filters:
        items = "".join(
            f'<li><a href="{_e(url)}" class="link-secondary">Remove {_e(label.lower())}: '
            f"{_e(value)}</a></li>"
            for label, value, url in active_filters
        )
        active = (
            '<div class="mb-3" data-testid="active-filters">\n'
            '  <p class="small mb-1">Active filters:</p>\n'
            f'  <ul class="list-unstyled">\n    {items}\n  </ul>\n'
            '  <a href="?">Clear all</a>\n</div>\n'
        )
    return SafeString(  # nosec B703 (escaped above; facets_html by facet_sections)
        '<aside class="col-lg-3" aria-labelledby="facets-heading">\n'
        '  <h2 class="h5" id="facets-heading">Filter</h2>\n'
        f"  {active}{facets_html}\n</aside>"
    )


def summary(total: int, sorts, current: str) -> SafeString:
    """The number of results and the sort links (the current sort in bold, unlinked)."""
    links = " · ".join(
        f'<strong aria-current="true">{_e(label)}</strong>'
        if key == current
        else f'<a href="{_e(url)}">{_e(label)}</a>'
        if url
        else ""
        for key, label, url in sorts
    )
    plural = "" if int(total) == 1 else "s"
    return SafeString(  # nosec B703 (escaped above)
        '<div class="d-flex flex-wrap justify-content-between align-items-baseline gap-2 mb-2">\n'
        f'  <p class="mb-0" role="status" data-testid="result-count">{int(total)} '
        f"resource{plural}</p>\n"
        f'  <nav aria-label="Sort" class="small">Sort by:\n    {links}\n  </nav>\n</div>'
    )


def results(page, items_html: str, page_query: str, active_filters) -> SafeString:
    """The numbered results and the page links, or what to try when nothing matched."""
    if not page.object_list:
        if active_filters:
            removals = ", ".join(
                f'<a class="alert-link" href="{_e(url)}">{_e(label.lower())}: {_e(value)}</a>'
                for label, value, url in active_filters
            )
            hint = f'<p class="mb-0">Try removing a filter: {removals}.</p>'
        else:
            hint = '<p class="mb-0">Try other words.</p>'
        return SafeString(  # nosec B703 (escaped above)
            '<div class="alert alert-warning" data-testid="no-results">\n'
            f'  <p class="mb-1"><strong>No resources match.</strong></p>\n  {hint}\n</div>'
        )
    return SafeString(  # nosec B703 (escaped above; items_html by result_items)
        f'<ol class="list-unstyled resource-results" start="{int(page.start_index())}">\n'
        f"{items_html}\n</ol>\n{pagination(page, page_query)}"
    )


def pagination(page, page_query: str) -> str:
    """Previous, "Page n of m" and next, when there is more than one page."""
    if not page.has_other_pages():
        return ""
    base = f"?{_e(page_query)}&amp;page=" if page_query else "?page="
    previous = (
        f'<li class="page-item"><a class="page-link" href="{base}'
        f'{int(page.previous_page_number())}">Previous</a></li>'
        if page.has_previous()
        else ""
    )
    following = (
        f'<li class="page-item"><a class="page-link" href="{base}'
        f'{int(page.next_page_number())}">Next</a></li>'
        if page.has_next()
        else ""
    )
    return (
        '<nav aria-label="Pages of results">\n  <ul class="pagination flex-wrap">\n'
        f"    {previous}\n"
        '    <li class="page-item active" aria-current="page"><span class="page-link">'
        f"Page {int(page.number)} of {int(page.paginator.num_pages)}</span></li>\n"
        f"    {following}\n  </ul>\n</nav>"
    )


def search_box(searched: str, kept) -> SafeString:
    """The search form: the words searched, and the other filters (name, value) in hidden
    fields so that a new search keeps them."""
    hidden = "".join(
        f'<input type="hidden" name="{_e_once(name)}" value="{_e_once(value)}">'
        for name, value in kept
    )
    return SafeString(  # nosec B703 (escaped above)
        '<form method="get" action="" role="search" class="mb-3" aria-label="Resource search">\n'
        '  <label for="id_q" class="form-label">Search resources</label>\n'
        '  <div class="input-group">\n'
        '    <input type="search" name="q" id="id_q" class="form-control" '
        f'value="{_e_once(searched)}" maxlength="200">\n'
        f"    {hidden}\n"
        '    <button type="submit" class="btn btn-primary">Search</button>\n'
        "  </div>\n</form>"
    )


def watch_form(urls, csrf_token: str, query_string: str, back: str, watching: bool):
    """Watch this search (a POST with its query string), or that the user already does."""
    if not query_string:
        return ""
    if watching:
        state = (
            '<p class="small mb-0">You watch this search. '
            f'<a href="{_e_once(urls["watch_list"])}">Manage watches</a></p>'
        )
    else:
        state = (
            '<button type="submit" class="btn btn-sm btn-outline-primary">'
            "Watch this search</button>"
        )
    return SafeString(  # nosec B703 (escaped above)
        f'<form method="post" action="{_e_once(urls["watch_create"])}" class="mb-3">\n'
        f'  <input type="hidden" name="csrfmiddlewaretoken" value="{_e_once(csrf_token)}">'
        f'<input type="hidden" name="query" value="{_e_once(query_string)}">'
        f'<input type="hidden" name="next" value="{_e_once(back)}">\n'
        f"  {state}\n</form>"
    )
