"""Progress written where others can read it while the task's own transaction is open.

A task's writes (an import of 100,000 rows) sit in one transaction on the "default"
connection until they commit, so progress written there would stay invisible to the status
page. Progress goes through a second connection to the same database, the "progress"
alias (settings.DATABASES; plain Django multi-db), whose writes commit at once. Not the
cache: it may be one per process, and the worker is another process.
"""

import time

from django.db.models import F
from django.utils import timezone

DATABASE = "progress"


def runs():
    from jobs.models import TaskRun

    return TaskRun.objects.using(DATABASE)


class Progress:
    """`step(done, total, message)` as the work goes; written at most every `interval`
    seconds (and always for the first step, a new message, or the last step)."""

    def __init__(self, run_id: int, interval: float = 0.5):
        self.run_id = run_id
        self.interval = interval
        self.writes = 0
        self._last = None
        self._message = None
        self.done = 0
        self.total = 0

    def step(self, done: int, total: int | None = None, message: str | None = None) -> None:
        self.done = done
        if total is not None:
            self.total = total
        now = time.monotonic()
        changed = message is not None and message != self._message
        if not (
            changed or self._last is None or done >= self.total or now - self._last >= self.interval
        ):
            return
        if message is not None:
            self._message = message
        fields = {"done": done, "total": self.total, "updated_at": timezone.now()}
        if changed:
            fields["message"] = message[:300]
        runs().filter(pk=self.run_id).update(**fields)
        self._last = now
        self.writes += 1

    def advance(self, n: int = 1, message: str | None = None) -> None:
        self.step(self.done + n, message=message)


def bump_attempts(run_id: int, **fields) -> int:
    """Claim a queued run for this worker: 1 if claimed, 0 if another took it or it is done."""
    from jobs.models import TaskRun

    return (
        runs()
        .filter(pk=run_id, status=TaskRun.Status.QUEUED)
        .update(attempts=F("attempts") + 1, **fields)
    )
