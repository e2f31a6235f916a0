"""Active filters of a filter bar, by their labels (never a key or slug), each with the URL
that removes it: `{% active_filters filter.form request.GET as chips %}` and
`{% include "components/active_filters.html" with chips=chips clear_url=... %}`.

Plain data for the template; the HTML is the include's."""

import datetime

from django import template

from hub.templatetags.dates import long_date

register = template.Library()


def _shown(field, value) -> str:
    if isinstance(value, datetime.date):
        return long_date(value)
    for choice, label in getattr(field, "choices", ()):
        if str(choice) == str(value):
            return str(label)
    return str(value)


@register.simple_tag
def active_filters(form, query, keep=""):
    """(field label, value label, URL without it) for each filled filter of a bound form;
    `keep`: comma-separated parameters that are not filters (e.g. the queue's "view")."""
    if not form.is_bound or not form.is_valid():
        return []
    kept = set(keep.split(",")) - {""}
    chips = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if name in kept or value in (None, "", [], ()):
            continue
        rest = query.copy()
        rest.pop(name, None)
        rest.pop("page", None)
        chips.append(
            {
                "label": field.label or name,
                "value": _shown(field, value),
                "url": "?" + rest.urlencode(),
            }
        )
    return chips
