"""The hub's background work (jobs.registry): large CSV imports and the link check.

The worker finds this module by its name (procrastinate's autodiscovery of `tasks`).
"""

from django.urls import reverse

from config.csv_import import ImportRejected, read_rows
from hub import link_check, resource_csv
from jobs import services
from jobs.models import TaskRun
from jobs.registry import Result, TaskFailed, register

# An admin CSV import of more rows than this runs as a background task; smaller ones are
# done while the curator waits, as before (a few seconds at most).
IMPORT_TASK_ROWS = 1000


def count_rows(upload) -> int:
    """Data rows in the uploaded CSV (raises ImportRejected as the import would)."""
    upload.seek(0)
    try:
        return sum(1 for _ in read_rows(upload, resource_csv.IMPORT_COLUMNS))
    finally:
        upload.seek(0)


def start_import(user, upload, rows: int):
    return services.start(
        user,
        "hub.import_resources",
        f"Import of {rows:,} resources from {upload.name}"[:200],
        input_file=upload,
        filename=upload.name,
    )


@register("hub.import_resources")
def import_resources(run, progress) -> Result:
    with run.input_file.open("rb") as handle:
        try:
            summary = resource_csv.import_resources(handle, user=run.started_by, progress=progress)
        except ImportRejected as exc:
            raise TaskFailed("\n".join(exc.errors)) from exc
    return Result(
        f"Import done: {summary.created:,} created, {summary.updated:,} updated, "
        f"{summary.unchanged:,} unchanged.",
        link=reverse("admin:hub_resource_changelist"),
    )


def start_link_check(user):
    """A new link check, or the one this curator started that has not finished (a second
    click opens the same page rather than checking every link twice)."""
    unfinished = (
        TaskRun.objects.filter(kind="hub.check_links", started_by=user)
        .exclude(status__in=[TaskRun.Status.SUCCEEDED, TaskRun.Status.FAILED])
        .first()
    )
    if unfinished is not None and not services.can_retry(unfinished):
        return unfinished
    return services.start(user, "hub.check_links", "Link check of every published resource")


@register("hub.check_links")
def check_links(run, progress) -> Result:
    counts = link_check.check_links(progress=progress)
    return Result(
        f"{counts['checked']:,} link(s) checked, {counts['broken']:,} broken.",
        link=reverse("hub:curation"),
    )
