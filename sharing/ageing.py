"""How long requests have waited for review, in working days, against the review target.

The target is the setting SHARING_REVIEW_TARGET_WORKING_DAYS (default 10 working days:
Monday to Friday; state holidays are not counted out).
"""

import datetime

from django.conf import settings

from sharing.models import REVIEW_STATES

DEFAULT_REVIEW_TARGET = 10


def review_target() -> int:
    return getattr(settings, "SHARING_REVIEW_TARGET_WORKING_DAYS", DEFAULT_REVIEW_TARGET)


def working_days(start: datetime.date, end: datetime.date) -> int:
    """Weekdays after `start` up to and including `end` (0 if end is not after start)."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + datetime.timedelta(days=offset)).weekday() < 5:
            count += 1
    return count


def mark_waiting(rows, today: datetime.date) -> list:
    """Set `days_waiting` (None when not waiting for review) and `past_target` on each row
    (rows read with their `submitted_at` and `state`): no query."""
    target = review_target()
    rows = list(rows)
    for sr in rows:
        waiting = sr.state in REVIEW_STATES and sr.submitted_at is not None
        sr.days_waiting = working_days(sr.submitted_at.date(), today) if waiting else None
        sr.past_target = waiting and sr.days_waiting > target
    return rows
