from django import template
from django.utils.safestring import mark_safe

from hub import result_html
from hub.rendering import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Render a description; the HTML is sanitised by nh3 before it is marked safe."""
    return mark_safe(render_markdown(text))  # noqa: S308  # nosec B308 B703


@register.simple_tag
def facet_section(title, key, values):
    """A facet's links (HTML built and escaped in hub.result_html: it is the hot loop)."""
    return result_html.facet_section(title, key, values)


@register.simple_tag
def result_items(resources):
    return result_html.result_items(resources)
