"""A task run's status page, its progress as JSON for the page's polling, its result file."""

from django.contrib import messages
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from jobs import permissions, services
from jobs.models import TaskRun


def _run_for(request, pk) -> TaskRun:
    """The run, for its starter or a superuser; 404 for anyone else (nothing said of it)."""
    run = get_object_or_404(TaskRun.objects.select_related("started_by"), pk=pk)
    if not permissions.can_see(request.user, run):
        raise Http404("No such task.")
    return run


def status(request, pk):
    run = _run_for(request, pk)
    errors = run.error.splitlines() if run.error else []
    return render(
        request,
        "jobs/status.html",
        {
            "run": run,
            "errors": errors,
            "can_retry": services.can_retry(run) and run.started_by_id == request.user.pk,
        },
    )


def progress(request, pk):
    run = _run_for(request, pk)
    return JsonResponse(
        {
            "status": run.status,
            "status_label": run.get_status_display(),
            "done": run.done,
            "total": run.total,
            "percent": run.percent,
            "message": run.message,
            "finished": run.finished,
        },
        headers={"Cache-Control": "no-store"},
    )


def download(request, pk):
    """The result file, for the person who started the run only."""
    run = _run_for(request, pk)
    if run.started_by_id != request.user.pk or not run.result_file:
        raise Http404("No such file.")
    try:
        handle = run.result_file.open("rb")
    except FileNotFoundError:
        raise Http404("No such file.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=run.result_name or "result",
        content_type=run.result_content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def retry(request, pk):
    run = _run_for(request, pk)
    if run.started_by_id != request.user.pk:
        raise Http404("No such task.")
    if services.retry(run):
        messages.success(request, "The task is queued again.")
    else:
        messages.info(request, "This task cannot be retried now.")
    return redirect("jobs:status", pk=run.pk)
