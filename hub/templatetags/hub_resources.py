from django import template
from django.utils.safestring import mark_safe

from hub.rendering import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Render a description; the HTML is sanitised by nh3 before it is marked safe."""
    return mark_safe(render_markdown(text))  # noqa: S308  # nosec B308 B703
