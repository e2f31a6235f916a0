"""Starting, running and retrying background task runs (jobs.models.TaskRun).

`start` records the run and queues it (a procrastinate job, in the same transaction);
the worker calls `execute`, which calls the kind's function from jobs.registry with a
`Progress`; the run ends succeeded with its result, or failed with the reason. A run that
failed, or whose worker died (no progress for STALE_AFTER), can be queued again with
`retry`: the work itself is one transaction, so the failed attempt left nothing behind.
"""

import logging
import posixpath
import uuid
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from procrastinate.contrib.django import app

from jobs import registry
from jobs.models import TaskRun
from jobs.progress import Progress, bump_attempts, runs

logger = logging.getLogger(__name__)

RUN_TASK = "jobs.run"  # the procrastinate task that runs every kind (jobs/tasks.py)
STALE_AFTER = timedelta(minutes=15)
UNEXPECTED = (
    "The task stopped on an unexpected error; nothing it was doing was saved. "
    "Try again, and tell the hub team if it fails again."
)


def start(user, kind: str, title: str, *, params=None, input_file=None, filename="") -> TaskRun:
    """Record a run of `kind` for `user` and queue it; the status page is its URL."""
    if kind not in registry.KINDS:
        raise ValueError(f"unknown task kind {kind!r}")
    with transaction.atomic():
        run = TaskRun(kind=kind, title=title[:200], started_by=user, params=params or {})
        if input_file is not None:
            input_file.seek(0)
            run.input_file.save(_private_name(filename or "input"), input_file, save=False)
        run.message = "Waiting for a worker"
        run.save()
        _queue(run)
    return run


def _queue(run: TaskRun) -> None:
    # Deferred by the task's name (jobs/tasks.py registers it for the worker), so this
    # module does not import the task that calls back into it.
    app.configure_task(RUN_TASK).defer(run_id=run.pk)


def _private_name(filename: str) -> str:
    extension = posixpath.splitext(filename)[1].lower()
    return f"{uuid.uuid4().hex}{extension if extension.isascii() and len(extension) <= 6 else ''}"


def can_retry(run: TaskRun) -> bool:
    if run.status == TaskRun.Status.FAILED:
        return True
    stale = (run.updated_at or run.created_at) < timezone.now() - STALE_AFTER
    return run.status == TaskRun.Status.RUNNING and stale


def retry(run: TaskRun) -> bool:
    """Queue a failed (or abandoned) run again; False if it may not be retried."""
    with transaction.atomic():
        run = TaskRun.objects.select_for_update().get(pk=run.pk)
        if not can_retry(run):
            return False
        run.status = TaskRun.Status.QUEUED
        run.done = 0
        run.error = ""
        run.message = "Waiting for a worker (again)"
        run.finished_at = None
        run.save(update_fields=["status", "done", "error", "message", "finished_at"])
        _queue(run)
    return True


def execute(run_id: int) -> str:
    """Run a queued run (the worker's job); returns its final status. A run that is not
    queued (done, or claimed by another worker) is left as it is."""
    now = timezone.now()
    claimed = bump_attempts(
        run_id, status=TaskRun.Status.RUNNING, started_at=now, updated_at=now, message="Started"
    )
    if not claimed:
        return runs().get(pk=run_id).status
    run = TaskRun.objects.select_related("started_by").get(pk=run_id)
    progress = Progress(run_id)
    try:
        result = registry.KINDS[run.kind](run, progress)
    except registry.TaskFailed as exc:
        return _fail(run_id, str(exc))
    except Exception:
        logger.exception("task run %s (%s) failed", run_id, run.kind)
        return _fail(run_id, UNEXPECTED)
    fields = {
        "status": TaskRun.Status.SUCCEEDED,
        "message": result.message[:300],
        "result_link": result.link,
        "finished_at": timezone.now(),
        "updated_at": timezone.now(),
    }
    if result.content is not None:
        extension = posixpath.splitext(result.filename)[1]
        fields["result_file"] = default_storage.save(
            f"tasks/results/{uuid.uuid4().hex}{extension}", ContentFile(result.content)
        )
        fields["result_name"] = result.filename
        fields["result_content_type"] = result.content_type
    total = runs().get(pk=run_id).total
    runs().filter(pk=run_id).update(done=total, **fields)
    if run.input_file:  # read and applied: not kept
        run.input_file.delete(save=False)
        runs().filter(pk=run_id).update(input_file="")
    return TaskRun.Status.SUCCEEDED


def _fail(run_id: int, reason: str) -> str:
    runs().filter(pk=run_id).update(
        status=TaskRun.Status.FAILED,
        error=reason,
        message="Failed",
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    return TaskRun.Status.FAILED
