"""Thin views: parse the request, check permissions, call a service or selector, render."""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_POST

from assessments import (
    aggregation,
    charts,
    needs,
    reports,
    selectors,
    services,
    suppression,
    tasks,
    workbooks,
)
from assessments.forms import SectionForm
from assessments.models import Response, Survey
from assessments.permissions import can_compare_agency, can_respond, is_curator
from config import cache_versions
from config.mail import MailServerDown
from hub.formula_guard import safe_cell


def _curator_only(request):
    if not is_curator(request.user):
        raise PermissionDenied("Only hub curators see raw answers.")


def index(request):
    """The needs assessment's entry page: survey cycles and my response to each."""
    surveys = list(Survey.objects.all())
    mine = {}
    if request.user.is_authenticated:
        mine = {r.survey_id: r for r in Response.objects.filter(respondent=request.user)}
    rows = [{"survey": s, "response": mine.get(s.pk), "open": s.is_open()} for s in surveys]
    return render(
        request,
        "assessments/index.html",
        {
            "rows": rows,
            "can_respond": can_respond(request.user),
            "curator": is_curator(request.user),
        },
    )


# Answering -------------------------------------------------------------------------------


def _response_for(request, survey, writing=False):
    """The user's response; a closed survey can be read back but takes no new answers."""
    if not can_respond(request.user):
        raise PermissionDenied("Agency leaders and data officers answer the needs assessment.")
    existing = Response.objects.filter(survey=survey, respondent=request.user).first()
    if (existing is None or writing) and not survey.is_open():
        raise PermissionDenied("This survey is not open.")
    return existing or services.start_response(request.user, survey)


def respond(request, key):
    """Resume where the respondent left off: the section saved last (or the first)."""
    survey = selectors.get_survey(key)
    response = _response_for(request, survey)
    if response.is_locked:
        return redirect("assessments:review", key)
    keys = list(survey.sections.order_by("position").values_list("key", flat=True))
    if not keys:
        raise Http404
    section = response.last_section if response.last_section in keys else keys[0]
    return redirect("assessments:respond_section", key, section)


def respond_section(request, key, section):
    survey = selectors.get_survey(key)
    response = _response_for(request, survey, writing=request.method == "POST")
    sections = selectors.sections_with_questions(survey)
    index = next((i for i, s in enumerate(sections) if s.key == section), None)
    if index is None:
        raise Http404
    current = sections[index]
    autosave = request.headers.get("X-Autosave") == "1"
    if response.is_locked:
        if request.method == "POST":
            if autosave:
                return HttpResponse(status=409)
            messages.warning(request, "This response was submitted and is locked.")
        return redirect("assessments:review", key)
    questions = list(current.questions.all())
    if request.method == "POST":
        form = SectionForm(request.POST, section=current, questions=questions)
        if form.is_valid():
            try:
                services.save_section(response, current, form.answers_for(response))
            except services.ResponseLocked:
                return HttpResponse(status=409) if autosave else redirect("assessments:review", key)
            if autosave:
                return HttpResponse(status=204)
            action = request.POST.get("action", "next")
            if action == "previous" and index > 0:
                return redirect("assessments:respond_section", key, sections[index - 1].key)
            if action == "save":
                messages.success(request, "Draft saved. You can come back and finish later.")
                return redirect("assessments:respond_section", key, current.key)
            if index + 1 < len(sections):
                return redirect("assessments:respond_section", key, sections[index + 1].key)
            return redirect("assessments:review", key)
        if autosave:
            return HttpResponse(status=400)
    else:
        form = SectionForm(section=current, questions=questions, response=response)
    progress = selectors.progress(response, sections)
    given = sum(r["given"] for r in progress)
    expected = sum(r["expected"] for r in progress) or 1
    profile = [q for q in questions if q.profile_field]
    return render(
        request,
        "assessments/respond_section.html",
        {
            "survey": survey,
            "response": response,
            "section": current,
            "form": form,
            "step": index + 1,
            "steps": len(sections),
            "progress": progress,
            "percent_done": aggregation.percent(given, expected),
            "previous": sections[index - 1] if index > 0 else None,
            "is_last": index + 1 == len(sections),
            "profile": profile,
            "survey_open": survey.is_open(),
        },
    )


def review(request, key):
    survey = selectors.get_survey(key)
    response = _response_for(request, survey)
    sections = selectors.sections_with_questions(survey)
    return render(
        request,
        "assessments/review.html",
        {
            "survey": survey,
            "response": response,
            "review": selectors.review_rows(response, sections),
            "progress": selectors.progress(response, sections),
            "completion": selectors.completion(response, sections),
        },
    )


def submit(request, key):
    """GET (or a POST not yet confirmed): the confirmation step; a confirmed POST submits.
    Required questions left unanswered send the respondent back to the review page."""
    survey = selectors.get_survey(key)
    response = _response_for(request, survey, writing=request.method == "POST")
    if response.is_locked:
        if request.method == "POST":
            messages.info(request, "This response was already submitted.")
        return redirect("assessments:review", key)
    if request.method == "POST" and request.POST.get("confirmed") == "1":
        try:
            done = services.submit_response(response)
        except services.RequiredAnswersMissing as missing:
            messages.error(
                request,
                f"{len(missing.missing)} required question(s) are not answered yet: "
                "answer them, then submit.",
            )
            return redirect("assessments:review", key)
        if done:
            messages.success(request, "Thank you: your response is submitted.")
        else:
            messages.info(request, "This response was already submitted.")
        return redirect("assessments:review", key)
    if request.method == "POST":
        return redirect("assessments:submit", key)
    if not survey.is_open():
        raise PermissionDenied("This survey is not open.")
    done = selectors.completion(response, selectors.sections_with_questions(survey))
    if not done.can_submit:
        messages.error(request, "Answer the required questions listed below before you submit.")
        return redirect("assessments:review", key)
    confirm = {
        "title": "Submit your response?",
        "body": f"You have answered {done.answered} of {done.total}. After you submit, only "
        "a curator can reopen it.",
        "action_url": reverse("assessments:submit", args=[key]),
        "confirm_label": "Submit response",
        "cancel_url": reverse("assessments:review", args=[key]),
        "danger": False,
        "fields": [],
    }
    return render(request, "components/confirm.html", {"confirm": confirm})


# Results ---------------------------------------------------------------------------------


def results(request, key):
    survey = selectors.get_survey(key)
    data, version = selectors.current_results(survey)
    return render(
        request,
        "assessments/results.html",
        {
            "survey": survey,
            "results": data,
            "results_version": version,
            "cache_seconds": cache_versions.CACHE_SECONDS,
            # computed only when the cached fragment is missing
            "charts": SimpleLazyObject(lambda: charts.survey_charts(data)),
            "curator": is_curator(request.user),
            # hub resources change with the catalog: their fragment is keyed by both versions
            "catalog_version": cache_versions.version(cache_versions.CATALOG),
            "needs": SimpleLazyObject(lambda: needs.training_needs(data)),
        },
    )


def my_agency(request, key):
    """ "My agency and the state": the user's own agency's submitted answers beside the
    statewide figures (no agency in the URL: nobody can ask for another agency's)."""
    if not can_compare_agency(request.user):
        raise PermissionDenied("Agency leaders and data officers see their agency's answers.")
    survey = selectors.get_survey(key)
    data, _version = selectors.current_results(survey)
    agency = request.user.agency
    return render(
        request,
        "assessments/my_agency.html",
        {
            "survey": survey,
            "agency": agency,
            "submitted": Response.objects.filter(
                survey=survey, agency=agency, status=Response.Status.SUBMITTED
            ).count(),
            "blocks": selectors.agency_beside_state(survey, agency, data),
        },
    )


def results_json(request, key):
    survey = selectors.get_survey(key)
    data, _version = selectors.current_results(survey)
    return JsonResponse(data.as_json())


def results_csv(request, key):
    survey = selectors.get_survey(key)
    data, _version = selectors.current_results(survey)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{services.safe_filename(key)}-results.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(["question", "type", "item", "text", "measure", "value"])
    writer.writerow(["", "", "", "", "respondents", data.respondents])
    for q in data.questions:
        if q.kind == "likert":
            writer.writerow([q.key, q.kind, "", safe_cell(q.text), "answered", q.answered])
            for option, n in q.counts.items():
                writer.writerow([q.key, q.kind, "", "", f"count:{option}", n])
            continue
        for item in q.items:
            text = safe_cell(item.text)
            writer.writerow([q.key, q.kind, item.key, text, "answered", item.answered])
            if q.kind == "matrix":
                for group, value in item.percent.items():
                    writer.writerow([q.key, q.kind, item.key, text, f"percent:{group}", value])
                for option, n in item.counts.items():
                    writer.writerow([q.key, q.kind, item.key, text, f"count:{option}", n])
            else:
                writer.writerow(
                    [
                        q.key,
                        q.kind,
                        item.key,
                        text,
                        "first_or_second_percent",
                        item.first_or_second_percent,
                    ]
                )
                writer.writerow([q.key, q.kind, item.key, text, "mean_rank", item.mean_rank])
    return response


def _breakdown_by(request):
    return "group" if request.GET.get("by") == "group" else "role"


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def results_xlsx(request, key):
    """The results tables as an Excel workbook (everyone, like results.csv). A survey of
    more than tasks.EXPORT_TASK_RESPONSES responses: made by the worker (tasks.py)."""
    survey = selectors.get_survey(key)
    if tasks.is_large(survey):
        return redirect("jobs:status", pk=tasks.start_export(request.user, survey, "xlsx").pk)
    data, _version = selectors.current_results(survey)
    response = HttpResponse(workbooks.results_workbook(data), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{services.safe_filename(key)}-results.xlsx"'
    )
    return response


def breakdown(request, key):
    survey = selectors.get_survey(key)
    by = _breakdown_by(request)
    return render(
        request,
        "assessments/breakdown.html",
        {
            "survey": survey,
            "by": by,
            "breakdown": aggregation.breakdown(survey, by),
            "method": suppression.METHOD,
        },
    )


def breakdown_json(request, key):
    """The breakdown with the same suppressed cells as the page (null)."""
    survey = selectors.get_survey(key)
    data = aggregation.breakdown(survey, _breakdown_by(request)).as_json()
    return JsonResponse({"survey": survey.key, **data})


def breakdown_csv(request, key):
    """One row per cell; a suppressed cell has an empty value, as on the page."""
    survey = selectors.get_survey(key)
    by = _breakdown_by(request)
    data = aggregation.breakdown(survey, by)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{services.safe_filename(key)}-breakdown-{by}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(["question", "item", "text", "measure", by, "respondents", "value"])
    for question, label, rows in data.tables:
        for row in rows:
            for segment, cell in zip(data.segments, row.cells, strict=True):
                writer.writerow(
                    [
                        question.key,
                        row.item_key,
                        safe_cell(row.item),
                        label,
                        safe_cell(segment.label),
                        segment.respondents,
                        "" if cell is None else cell,
                    ]
                )
    return response


def _comparison_charts(rows, later, earlier, survey, other):
    """One chart per question: each item's earlier and later figure, with its table."""
    out = []
    for key in dict.fromkeys(r.question for r in rows):
        question = later.question(key) or earlier.question(key)
        bars = []
        for row in (r for r in rows if r.question == key):
            bars += [
                (f"{row.label} ({other.cycle})", row.earlier),
                (f"{row.label} ({survey.cycle})", row.later),
            ]
        out.append(
            charts.bar_chart(
                f"compare-{key}",
                f"{question.text} ({other.cycle} and {survey.cycle})",
                bars,
                head=["Item (cycle)", "Share"],
                maximum=100,
            )
        )
    return out


def compare(request, key):
    survey = selectors.get_survey(key)
    others = list(Survey.objects.exclude(pk=survey.pk))
    other_key = request.GET.get("with")
    other = next((s for s in others if s.key == other_key), None)
    if other_key is None:  # default: the latest earlier cycle
        earlier = [s for s in others if s.cycle < survey.cycle]
        other = max(earlier, key=lambda s: s.cycle, default=None)
    rows, new, dropped, comparison_charts = [], [], [], []
    if other is not None:
        version = cache_versions.version(cache_versions.SURVEY_RESULTS)
        later = selectors.survey_results(survey, version)
        before = selectors.survey_results(other, version)
        rows = aggregation.compare(later, before)
        new, dropped = aggregation.new_and_dropped(later, before)
        comparison_charts = _comparison_charts(rows, later, before, survey, other)
    return render(
        request,
        "assessments/compare.html",
        {
            "survey": survey,
            "others": others,
            "other": other,
            "rows": rows,
            "new": new,
            "dropped": dropped,
            "charts": comparison_charts,
        },
    )


def report(request, key):
    """The printable "Survey Results Summary" (print CSS in assessments.css)."""
    survey = selectors.survey_with_narrative(key)
    return render(request, "assessments/report.html", reports.report_context(survey))


def report_docx(request, key):
    """The same report as a Word document, with the charts and their tables."""
    survey = selectors.survey_with_narrative(key)
    content = reports.docx(reports.report_context(survey))
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{services.safe_filename(key)}-report.docx"'
    )
    return response


def report_pdf(request, key):
    """The same report as a tagged PDF (PDF/UA-1: headings and table headers tagged)."""
    survey = selectors.survey_with_narrative(key)
    if tasks.is_large(survey):
        return redirect("jobs:status", pk=tasks.start_export(request.user, survey, "pdf").pk)
    response = HttpResponse(
        reports.report_pdf_bytes(survey, request), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{services.safe_filename(key)}-report.pdf"'
    )
    return response


# Curators ---------------------------------------------------------------------------------


def responses(request, key):
    """Curators: each agency's status and completion (sortable), reminders, raw answers."""
    _curator_only(request)
    survey = selectors.get_survey(key)
    sort = request.GET.get("sort", "agency")
    sort = sort if sort in selectors.AGENCY_SORTS else "agency"
    progress = selectors.agency_progress(survey, sort)
    return render(
        request,
        "assessments/responses.html",
        {
            "survey": survey,
            "progress": progress,
            "sort": sort,
            "sorts": [
                ("agency", "Agency"),
                ("status", "Status"),
                ("completion", "Answered"),
                ("saved", "Last saved"),
            ],
            "responded": [row["agency"] for row in progress if row["status_order"] == 2],
            "missing": [row["agency"] for row in progress if row["status_order"] < 2],
            "drafts": {row["agency"].pk for row in progress if row["status_order"] == 1},
            "responses": selectors.responses_for(survey, request.user),
            "reminders": selectors.sent_reminders(survey),
        },
    )


@require_POST
def remind(request, key):
    _curator_only(request)
    survey = selectors.get_survey(key)
    missing = [a for a in selectors.agency_status(survey) if not a.submitted]
    codes = set(request.POST.getlist("agency"))
    if codes:
        missing = [a for a in missing if a.code in codes]
    try:
        sent = services.send_reminders(survey, missing, request.build_absolute_uri("/").rstrip("/"))
    except MailServerDown as error:
        already = f" ({error.sent} sent before it failed)" if error.sent else ""
        messages.error(
            request,
            f"The mail server could not be reached: {error.not_sent} reminder email(s) were not "
            f"sent{already}. Nothing else changed; try again later.",
        )
        return redirect("assessments:responses", key)
    messages.success(
        request, f"{sent} reminder email(s) sent to agency leaders (or their data officers)."
    )
    return redirect("assessments:responses", key)


def responses_csv(request, key):
    _curator_only(request)
    survey = selectors.get_survey(key)
    header, rows = selectors.raw_table(survey)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{services.safe_filename(key)}-responses.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


def responses_xlsx(request, key):
    """Curators: the raw responses in wide format, typed (one row per response)."""
    _curator_only(request)
    survey = selectors.get_survey(key)
    header, rows = selectors.raw_values(survey)
    response = HttpResponse(workbooks.responses_workbook(header, rows), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{services.safe_filename(key)}-responses.xlsx"'
    )
    return response


def text_answers(request, key):
    _curator_only(request)
    survey = selectors.get_survey(key)
    return render(
        request,
        "assessments/text_answers.html",
        {"survey": survey, "answers": selectors.text_answers(survey)},
    )


def response_detail(request, key, pk):
    """One response: its own agency's people and curators only (others get 404)."""
    survey = selectors.get_survey(key)
    response = get_object_or_404(
        Response.objects.visible_to(request.user).select_related("agency", "respondent"),
        survey=survey,
        pk=pk,
    )
    sections = selectors.sections_with_questions(survey)
    return render(
        request,
        "assessments/response_detail.html",
        {
            "survey": survey,
            "response": response,
            "review": selectors.review_rows(response, sections),
            "curator": is_curator(request.user),
        },
    )


@require_POST
def reopen(request, key, pk):
    survey = selectors.get_survey(key)
    response = get_object_or_404(Response.objects.visible_to(request.user), survey=survey, pk=pk)
    _curator_only(request)
    if services.reopen_response(response):
        messages.success(request, "Response reopened: the respondent can change and resubmit it.")
    return redirect("assessments:response_detail", key, pk)
