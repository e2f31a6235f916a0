"""The list page's repeated parts (facet lists, result rows) built in Python.

A page has some sixty facet links and twenty results; through the template engine they cost
more than the search itself. These builders give the same HTML with `format_html`, which
escapes every value, so nothing from a resource or a URL reaches the page unescaped.
"""

from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from hub.catalog_models import Audience, ResourceType

SELECTED = SafeString(' aria-current="true" class="fw-bold"')
REMOVE = SafeString('<span class="visually-hidden">Remove filter: </span>')
NOTHING = SafeString("")
TYPE_LABELS = dict(ResourceType.choices)
AUDIENCE_LABELS = dict(Audience.choices)

FACET_ITEM = (
    '<li><a href="{}" data-facet="{}" data-value="{}"{}>{}{} '
    '<span class="facet-count">({})</span></a></li>'
)
FACET_SECTION = (
    '<section class="mb-3 facet" aria-labelledby="facet-{}">\n'
    '  <h3 class="h6" id="facet-{}">{}</h3>\n'
    '  <ul class="list-unstyled mb-0">\n    {}\n  </ul>\n</section>'
)


def facet_section(title: str, key: str, values) -> str:
    """One facet's heading and toggle links, or nothing when it has no values."""
    if not values:
        return NOTHING
    items = format_html_join(
        "",
        FACET_ITEM,
        (
            (
                v.url, key, v.value,
                SELECTED if v.selected else NOTHING,
                REMOVE if v.selected else NOTHING,
                v.label, v.count,
            )
            for v in values
        ),
    )  # fmt: skip
    return format_html(FACET_SECTION, key, key, title, items)


RESULT = (
    '<li class="mb-3 pb-3 border-bottom">\n'
    '  <h3 class="h5 mb-1"><a href="{}">{}</a></h3>\n'
    '  <p class="small text-body-secondary mb-1">{}</p>\n'
    "  {}\n"
    '  <p class="small mb-0">{}</p>\n'
    "</li>"
)
TAG = '<span class="badge text-bg-light border me-1">{}</span>'
SUMMARY = '<p class="mb-1">{}</p>'


def result_items(resources) -> str:
    """The result rows: title link, type · audience · provider, summary and tags."""
    detail = reverse("hub:resource_detail", args=["slug-placeholder"])
    prefix, suffix = detail.split("slug-placeholder")
    return format_html_join("\n", RESULT, (_result_args(r, prefix, suffix) for r in resources))


def _result_args(resource, prefix: str, suffix: str):
    meta = [
        TYPE_LABELS.get(resource.resource_type, resource.resource_type),
        AUDIENCE_LABELS.get(resource.audience, resource.audience),
    ]
    if resource.provider_id and resource.provider:
        meta.append(resource.provider.name)
    return (
        prefix + resource.slug + suffix,
        resource.title,
        " · ".join(meta),
        format_html(SUMMARY, resource.summary) if resource.summary else NOTHING,
        format_html_join("", TAG, ((name,) for name in resource.tag_list)),
    )
