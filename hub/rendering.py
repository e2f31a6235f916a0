"""Markdown descriptions rendered to HTML that is safe to show: sanitised by nh3 (no script)."""

import hashlib

import markdown
import nh3

from hub import versioned_cache

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "li", "ol", "p",
    "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}


# Part of the cache key: renew it when the rules below change, so no page keeps old output.
RULES_VERSION = 1


def render_markdown(text: str) -> str:
    """The safe HTML of this Markdown, rendered once per distinct text: the key is the text's
    digest, so an edited description gets a new key and never its old rendering."""
    digest = hashlib.sha256((text or "").encode()).hexdigest()
    key = f"markdown:{RULES_VERSION}:{digest}"
    return versioned_cache.get_or_set(key, lambda: _render(text), 3600)


def _render(text: str) -> str:
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"])
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
