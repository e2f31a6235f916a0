"""The list page's repeated parts (facet lists, result rows) built in Python, once per
listing (hub.search_page keeps the HTML with it).

A page has some sixty facet links and twenty results; through the template engine (or even
`format_html`, call by call) they cost more than the search itself. These builders write the
same HTML with every value passed through `html.escape` (what Django's `escape` does), so
nothing from a resource or a URL reaches the page unescaped.
"""

from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString

from hub.catalog_models import Audience, ResourceType

TYPE_LABELS = dict(ResourceType.choices)
AUDIENCE_LABELS = dict(Audience.choices)
SELECTED = ' aria-current="true" class="fw-bold"'
REMOVE = '<span class="visually-hidden">Remove filter: </span>'


def _e(value) -> str:
    return escape(str(value), quote=True)


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
    prefix, suffix = reverse("hub:resource_detail", args=["slug-placeholder"]).split(
        "slug-placeholder"
    )
    rows = "\n".join(_result(r, prefix, suffix) for r in resources)
    return SafeString(rows)  # nosec B703


def _result(resource, prefix: str, suffix: str) -> str:
    meta = [
        TYPE_LABELS.get(resource.resource_type, resource.resource_type),
        AUDIENCE_LABELS.get(resource.audience, resource.audience),
    ]
    if resource.provider_name:
        meta.append(resource.provider_name)
    summary = f'<p class="mb-1">{_e(resource.summary)}</p>' if resource.summary else ""
    tags = "".join(
        f'<span class="badge text-bg-light border me-1">{_e(name)}</span>'
        for name in resource.tag_list
    )
    return (
        '<li class="mb-3 pb-3 border-bottom">\n'
        f'  <h3 class="h5 mb-1"><a href="{_e(prefix + resource.slug + suffix)}">'
        f"{_e(resource.title)}</a></h3>\n"
        f'  <p class="small text-body-secondary mb-1">{_e(" · ".join(meta))}</p>\n'
        f"  {summary}\n"
        f'  <p class="small mb-0">{tags}</p>\n'
        "</li>"
    )
