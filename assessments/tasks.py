"""The needs assessment's background work (jobs.registry): the results workbook and the
report PDF of a large survey.

The worker finds this module by its name (procrastinate's autodiscovery of `tasks`).
"""

from jobs import services
from jobs.registry import Result, register

# A survey with more submitted responses than this has its results workbook and report PDF
# made by the worker: computing its results (when not cached) and drawing the PDF take
# longer than a page should wait. Smaller surveys download at once, as before.
EXPORT_TASK_RESPONSES = 2000
FORMATS = {
    "xlsx": (
        "results workbook (Excel)",
        "results.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "pdf": ("report (PDF)", "report.pdf", "application/pdf"),
}


def is_large(survey) -> bool:
    from assessments.models import Response

    submitted = survey.responses.filter(status=Response.Status.SUBMITTED)
    return submitted.count() > EXPORT_TASK_RESPONSES


def start_export(user, survey, kind: str):
    label = FORMATS[kind][0]
    return services.start(
        user,
        f"assessments.{kind}",
        f"{survey.title}: {label}",
        params={"survey": survey.key},
    )


def _export(run, progress, kind: str) -> Result:
    from assessments import reports, selectors, workbooks
    from assessments import services as survey_services

    label, suffix, content_type = FORMATS[kind]
    progress.step(0, 2, "Computing the results")
    survey = selectors.survey_with_narrative(run.params["survey"])
    if kind == "xlsx":
        data, _version = selectors.current_results(survey)
        progress.step(1, 2, "Writing the workbook")
        content = workbooks.results_workbook(data)
    else:
        progress.step(1, 2, "Drawing the report")
        content = reports.report_pdf_bytes(survey)
    return Result(
        f"The {label} of {survey.title} is ready to download.",
        content=content,
        filename=f"{survey_services.safe_filename(survey.key)}-{suffix}",
        content_type=content_type,
    )


@register("assessments.xlsx")
def results_xlsx(run, progress) -> Result:
    return _export(run, progress, "xlsx")


@register("assessments.pdf")
def report_pdf(run, progress) -> Result:
    return _export(run, progress, "pdf")
