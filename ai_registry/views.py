"""Views: the statewide inventory (and its exports), intake, a use case, its review."""

import csv
from io import BytesIO

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from ai_registry import impact, permissions, selectors, services, workflow
from ai_registry.filters import InventoryFilter
from ai_registry.forms import (
    ActionForm,
    AssessmentForm,
    JoinForm,
    NewUseCaseForm,
    StartForm,
    UseCaseForm,
)
from ai_registry.models import UseCase
from ai_registry.states import Participation
from hub.formula_guard import safe_cell
from hub.spreadsheets import append_row
from sharing.views import clean_query

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# The inventory ---------------------------------------------------------------------------


@clean_query
def inventory(request):
    found = InventoryFilter(request.GET, queryset=selectors.inventory(request.user))
    page = Paginator(found.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "ai_registry/inventory.html",
        {
            "filter": found,
            "page": page,
            "querystring": query.urlencode(),
            "can_register": permissions.can_register(request.user),
            "section": "inventory",
        },
    )


INVENTORY_COLUMNS = [
    "id",
    "title",
    "agency",
    "partner_agencies",
    "stage",
    "kind",
    "sourcing",
    "vendor",
    "risk_tier",
    "review_status",
    "affects_rights",
    "affects_benefits",
    "affects_safety",
    "data_categories",
    "updated_at",
]


def _inventory_rows(request):
    """The inventory as filtered on its page (only what the user may see), one list of
    INVENTORY_COLUMNS values per row; never the internal notes or the contact."""
    found = InventoryFilter(request.GET, queryset=selectors.inventory(request.user))
    for uc in found.qs:
        yield [
            f"AI-{uc.pk}",
            uc.title,
            uc.agency.code,
            "; ".join(p.agency.code for p in uc.participants.all()),
            uc.get_stage_display(),
            uc.get_kind_display(),
            uc.get_sourcing_display(),
            uc.vendor_name,
            uc.get_risk_tier_display(),
            uc.get_state_display(),
            "yes" if uc.affects_rights else "no",
            "yes" if uc.affects_benefits else "no",
            "yes" if uc.affects_safety else "no",
            "; ".join(c.name for c in uc.data_categories.all()),
            uc.updated_at,
        ]


def _csv(filename, columns, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return response


@clean_query
def inventory_csv(request):
    return _csv("ai-use-cases.csv", INVENTORY_COLUMNS, _inventory_rows(request))


@clean_query
def inventory_xlsx(request):
    book = Workbook(write_only=True)
    sheet = book.create_sheet("AI use cases")
    append_row(sheet, INVENTORY_COLUMNS)
    for row in _inventory_rows(request):
        append_row(sheet, row)
    stream = BytesIO()
    book.save(stream)
    response = HttpResponse(stream.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="ai-use-cases.xlsx"'
    return response


@clean_query(as_json=True)
def inventory_json(request):
    rows = [dict(zip(INVENTORY_COLUMNS, row, strict=True)) for row in _inventory_rows(request)]
    return JsonResponse({"columns": INVENTORY_COLUMNS, "use_cases": rows})


PUBLIC_COLUMNS = [
    "id",
    "title",
    "purpose",
    "agency",
    "partner_agencies",
    "stage",
    "kind",
    "sourcing",
    "vendor",
    "data_categories",
    "who_is_affected",
    "affects_rights",
    "affects_benefits",
    "affects_safety",
    "human_oversight",
    "evaluation_monitoring",
    "risk_tier",
    "review_outcome",
    "conditions",
    "contact_name",
    "contact_email",
]


def _public_rows():
    """Approved use cases in production, with only the fields a public inventory shows: no
    internal notes, no assessment answers, and the contact's email only where its agency
    said it may be published."""
    for uc in selectors.public_use_cases():
        yield [
            f"AI-{uc.pk}",
            uc.title,
            uc.purpose,
            uc.agency.name,
            "; ".join(p.agency.name for p in uc.participants.all()),
            uc.get_stage_display(),
            uc.get_kind_display(),
            uc.get_sourcing_display(),
            uc.vendor_name,
            "; ".join(c.name for c in uc.data_categories.all()),
            uc.affected_people,
            "yes" if uc.affects_rights else "no",
            "yes" if uc.affects_benefits else "no",
            "yes" if uc.affects_safety else "no",
            uc.human_oversight,
            uc.evaluation_monitoring,
            uc.get_risk_tier_display(),
            uc.get_state_display(),
            uc.conditions,
            uc.contact_name,
            uc.contact_email if uc.contact_email_public else "",
        ]


def public_csv(request):
    return _csv("ai-use-cases-public.csv", PUBLIC_COLUMNS, _public_rows())


def public_json(request):
    rows = [dict(zip(PUBLIC_COLUMNS, row, strict=True)) for row in _public_rows()]
    return JsonResponse({"columns": PUBLIC_COLUMNS, "use_cases": rows})


# Intake ---------------------------------------------------------------------------------


@clean_query
def new(request):
    """Step 1 (GET without a title): what it is. Step 2: similar use cases to join instead,
    and the rest of the intake (POST creates the draft)."""
    if not permissions.can_register(request.user):
        raise PermissionDenied("Only data officers and agency leaders register AI use cases.")
    agency_id = request.user.agency_id
    if request.method == "POST":
        form = NewUseCaseForm(request.POST, agency_id=agency_id)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k in UseCaseForm.Meta.fields}
            categories, datasets = data.pop("data_categories"), data.pop("datasets")
            use_case = services.register(
                request.user, data, categories, form.cleaned_data["partners"], datasets
            )
            messages.success(request, "Use case registered. Now answer the impact assessment.")
            return redirect("ai_registry:assessment", pk=use_case.pk)
        start = StartForm(request.POST)
        start.is_valid()
        status = 400
    else:
        start = StartForm(request.GET or None)
        if not start.is_bound or not start.is_valid():
            return render(
                request,
                "ai_registry/start.html",
                {"form": start, "section": "new"},
                status=400 if start.is_bound else 200,
            )
        form = NewUseCaseForm(initial=start.cleaned_data, agency_id=agency_id)
        status = 200
    text = f"{request.POST.get('title') or request.GET.get('title', '')} " + (
        request.POST.get("purpose") or request.GET.get("purpose", "")
    )
    similar = [
        (uc, permissions.can_view(request.user, uc), permissions.can_join(request.user, uc))
        for uc in selectors.similar(request.user, text)
    ]
    return render(
        request,
        "ai_registry/intake.html",
        {
            "form": form,
            "similar": similar,
            "join_form": JoinForm(initial={"role": Participation.INTERESTED}),
            "section": "new",
        },
        status=status,
    )


def _visible(user, pk):
    use_case = selectors.use_case(pk)
    if use_case is None or not permissions.can_view(user, use_case):
        raise Http404("No such use case.")
    return use_case


def edit(request, pk):
    use_case = _visible(request.user, pk)
    if not permissions.can_edit(request.user, use_case):
        raise PermissionDenied("You may not edit this use case now.")
    form = UseCaseForm(request.POST or None, instance=use_case)
    if request.method == "POST" and form.is_valid():
        data = {
            k: v for k, v in form.cleaned_data.items() if k not in ("data_categories", "datasets")
        }
        services.update(
            use_case,
            request.user,
            data,
            form.cleaned_data["data_categories"],
            form.cleaned_data["datasets"],
        )
        messages.success(request, "Use case saved.")
        return redirect("ai_registry:detail", pk=pk)
    return render(
        request,
        "ai_registry/edit.html",
        {"form": form, "uc": use_case},
        status=400 if form.is_bound else 200,
    )


def assessment(request, pk):
    use_case = _visible(request.user, pk)
    if not permissions.can_edit(request.user, use_case):
        raise PermissionDenied("You may not edit this use case now.")
    initial = {
        **use_case.impact_answers,
        "safeguards": use_case.safeguards,
        "notice_and_appeal": use_case.notice_and_appeal,
    }
    form = AssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_assessment(
            use_case,
            request.user,
            form.cleaned_data["answers"],
            form.cleaned_data["safeguards"],
            form.cleaned_data["notice_and_appeal"],
        )
        messages.success(request, "Impact assessment saved.")
        return redirect("ai_registry:detail", pk=pk)
    return render(
        request,
        "ai_registry/assessment.html",
        {"form": form, "uc": use_case, "questionnaire": impact.questionnaire()},
        status=400 if form.is_bound else 200,
    )


# A use case and its review ----------------------------------------------------------------


def detail(request, pk):
    return _page(request, pk)


def _page(request, pk, status=200, action_form=None, join_form=None):
    use_case = _visible(request.user, pk)
    user = request.user
    actions = workflow.allowed_transitions(user, use_case)
    result = impact.score(use_case.impact_answers or {}) if use_case.risk_tier else None
    context = {
        "uc": use_case,
        "actions": actions,
        "action_form": action_form or ActionForm(initial={"version": use_case.version}),
        "join_form": join_form or JoinForm(initial={"role": Participation.INTERESTED}),
        "can_join": permissions.can_join(user, use_case),
        "can_edit": permissions.can_edit(user, use_case),
        "internal": permissions.can_see_internal(user, use_case),
        "missing": workflow.missing_intake(use_case)
        if permissions.can_edit(user, use_case)
        else {},
        "result": result,
        "returned": next(
            (log for log in reversed(use_case.logs.all()) if log.action == "request_changes"),
            None,
        )
        if use_case.state == "changes_requested"
        else None,
    }
    return render(request, "ai_registry/detail.html", context, status=status)


@require_POST
def action(request, pk):
    use_case = _visible(request.user, pk)
    name = request.POST.get("action", "")
    form = ActionForm(request.POST)
    if not form.is_valid():
        return _page(request, pk, status=400, action_form=form)
    data = form.cleaned_data
    try:
        log = workflow.apply_transition(
            use_case.pk, request.user, name, version=data["version"], comment=data["comment"]
        )
    except workflow.NotFound:
        raise Http404("No such use case.") from None
    except workflow.StaleUseCase as error:
        messages.error(request, str(error))
        fresh = UseCase.objects.get(pk=pk).version
        form = ActionForm(initial={"version": fresh, "comment": data["comment"]})
        return _page(request, pk, status=409, action_form=form)
    except workflow.InvalidInput as error:
        for field, message in error.errors.items():
            form.add_error(field, message)
        return _page(request, pk, status=400, action_form=form)
    except workflow.NotAllowed as error:
        messages.error(request, str(error))
        return _page(request, pk, status=403)
    messages.success(request, f"{workflow.past_tense(log.action)}.")
    return redirect("ai_registry:detail", pk=pk)


@require_POST
def join(request, pk):
    """Join a use case the user can see, or one opened to partners (so a 404 otherwise)."""
    use_case = selectors.use_case(pk)
    if use_case is None or not (
        permissions.can_view(request.user, use_case) or permissions.can_join(request.user, use_case)
    ):
        raise Http404("No such use case.")
    form = JoinForm(request.POST)
    if not form.is_valid():
        return _page(request, pk, status=400, join_form=form)
    try:
        participation = services.join(use_case, request.user, form.cleaned_data["role"])
    except services.AlreadyJoined as error:
        messages.info(request, str(error))
        return redirect("ai_registry:detail", pk=pk)
    except services.NotAllowed as error:
        messages.error(request, str(error))
        return _page(request, pk, status=403)
    messages.success(
        request,
        f"{participation.agency.name} joined this use case as "
        f"{participation.get_role_display().lower()}.",
    )
    return redirect("ai_registry:detail", pk=pk)
