"""Sharing's background work (jobs.registry): the register as Excel when it is long.

The worker finds this module by its name (procrastinate's autodiscovery of `tasks`).
"""

from django.http import QueryDict

from jobs import services
from jobs.registry import Result, register

# A register download of more agreements than this is made by the worker (a few seconds
# per 10,000 rows), and the person who asked downloads it from the task's page.
REGISTER_TASK_ROWS = 2000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def start_register_xlsx(user, query, rows: int):
    return services.start(
        user,
        "sharing.register_xlsx",
        f"Sharing register as Excel ({rows:,} agreements)",
        params={"query": query.urlencode()},
    )


@register("sharing.register_xlsx")
def register_xlsx(run, progress) -> Result:
    from sharing.register_export import register_queryset, register_workbook

    query = QueryDict(run.params.get("query", ""))
    rows = register_queryset(query).count()
    content = register_workbook(query, progress)
    return Result(
        f"The register's {rows:,} agreements are ready to download.",
        content=content,
        filename="sharing-register.xlsx",
        content_type=XLSX,
    )
