"""The one date format of the whole product: "2 December 2026", "2 December 2026, 9:05 am".

Use the `components/date.html` include where a date is shown, so it is wrapped in a
machine-readable `<time datetime>`; the filters return plain text for it (and for titles,
emails and CSV cells).
"""

import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.dates import MONTHS

register = template.Library()


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def long_date(value):
    """2 December 2026 (a datetime shows its local day)."""
    if not value:
        return ""
    # date_format(value, "j F Y") spelled out: the same text (MONTHS is what its "F" reads)
    # in a third of the time, which lists with a date per row feel (~50 us a date).
    day = _local(value)
    return f"{day.day} {MONTHS[day.month]} {day.year:04d}"


@register.filter
def long_datetime(value):
    """2 December 2026, 9:05 am: a date alone falls back to long_date."""
    if not value:
        return ""
    if not isinstance(value, datetime.datetime):
        return long_date(value)
    local = _local(value)
    # Django's "a" gives "a.m." (which reads "a.m.." before a full stop); "A" is "AM".
    return f"{date_format(local, 'j F Y, g:i')} {date_format(local, 'A').lower()}"


@register.filter
def iso_datetime(value):
    """The `datetime` attribute of <time>: 2026-12-02 or 2026-12-02T09:05:00-05:00."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        return _local(value).isoformat(timespec="seconds")
    return value.isoformat()
