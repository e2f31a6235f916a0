"""Inventory pages: list, detail, forms, review, import/export, data.json, and the link to
sharing requests. Permission checks go through inventory.permissions."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from accounts.roles import is_curator
from config.csv_import import ImportRejected
from hub import protected_files
from inventory import dcat, permissions, selectors, services, transfer
from inventory.filters import DatasetFilter
from inventory.forms import DatasetForm, ImportForm, PickDatasetsForm, StartRequestForm
from inventory.models import Dataset, DatasetStatus
from sharing.models import SharingRequest
from sharing.permissions import can_create_request
from sharing.permissions import can_view as can_view_request

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def dataset_list(request):
    found = DatasetFilter(request.GET, queryset=selectors.catalog(), user=request.user)
    page = Paginator(found.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "inventory/list.html",
        {
            "filter": found,
            "page": page,
            "querystring": query.urlencode(),
            "can_create": permissions.can_create(request.user),
            "is_curator": is_curator(request.user),
        },
    )


def _dataset(pk):
    return get_object_or_404(Dataset.objects.select_related("agency", "owner", "steward"), pk=pk)


def dataset_detail(request, pk):
    dataset = _dataset(pk)
    sees_fields = permissions.can_see_fields(request.user, dataset)
    agreements = [
        (sr, can_view_request(request.user, sr)) for sr in selectors.covering_agreements(dataset)
    ]
    history = _history(dataset) if sees_fields else []
    return render(
        request,
        "inventory/detail.html",
        {
            "dataset": dataset,
            "sees_fields": sees_fields,
            "can_edit": permissions.can_edit(request.user, dataset),
            "can_request": can_create_request(request.user)
            and request.user.agency_id != dataset.agency_id
            and dataset.status == DatasetStatus.ACTIVE,
            "agreements": agreements,
            "history": history,
            "categories": list(dataset.categories.all()) if sees_fields else [],
            "keywords": sorted(t.name for t in dataset.keywords.all()) if sees_fields else [],
        },
    )


HISTORY_ROWS = 20


def _history(dataset) -> list[tuple]:
    """The latest changes: (record, names of the fields it changed), newest first."""
    records = list(
        dataset.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : HISTORY_ROWS + 1
        ]
    )
    rows = []
    for record, previous in zip(records, records[1:] + [None], strict=True):
        changed = []
        if previous is not None:
            delta = record.diff_against(previous, foreign_keys_are_objs=False)
            changed = [str(Dataset._meta.get_field(c.field).verbose_name) for c in delta.changes]
        rows.append((record, changed))
    return rows[:HISTORY_ROWS]


def dataset_create(request):
    if not permissions.can_create(request.user):
        raise PermissionDenied("Only data officers and curators add inventory entries.")
    return _form_page(request, None)


def dataset_edit(request, pk):
    dataset = _dataset(pk)
    if not permissions.can_edit(request.user, dataset):
        raise PermissionDenied("Only the agency's data officers and curators edit this entry.")
    return _form_page(request, dataset)


def _form_page(request, dataset):
    form = DatasetForm(
        request.POST or None, request.FILES or None, instance=dataset, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        dataset = services.save_dataset(form, request.user)
        messages.success(request, f"Saved “{dataset.title}”.")
        return redirect(dataset)
    return render(request, "inventory/form.html", {"form": form, "dataset": dataset})


@require_POST
def dataset_retire(request, pk):
    dataset = _dataset(pk)
    if not permissions.can_edit(request.user, dataset):
        raise PermissionDenied("Only the agency's data officers and curators retire this entry.")
    if request.POST.get("confirmed") != "1":
        return render(
            request,
            "components/confirm.html",
            {
                "confirm": {
                    "title": f"Retire “{dataset.title}”?",
                    "body": "A retired entry leaves the inventory list and data.json. Its "
                    "history and the agreements that name it are kept.",
                    "action_url": reverse("inventory:retire", args=[dataset.pk]),
                    "confirm_label": "Retire this entry",
                    "cancel_url": dataset.get_absolute_url(),
                    "danger": True,
                    "fields": [],
                }
            },
        )
    services.retire(dataset, request.user)
    messages.success(request, f"Retired “{dataset.title}”.")
    return redirect(dataset)


@require_POST
def dataset_reviewed(request, pk):
    dataset = _dataset(pk)
    if not permissions.can_edit(request.user, dataset):
        raise PermissionDenied("Only the agency's data officers and curators review this entry.")
    services.mark_reviewed(dataset, request.user)
    messages.success(request, f"Marked “{dataset.title}” as reviewed today.")
    if request.POST.get("next") == "home":
        return redirect("home")
    return redirect(dataset)


@require_safe
def dictionary_file(request, pk):
    dataset = _dataset(pk)
    if not dataset.dictionary_file or not permissions.can_see_fields(request.user, dataset):
        raise Http404("No such file.")
    name = f"{dataset.identifier}-dictionary" + (
        "." + dataset.dictionary_file.name.rsplit(".", 1)[-1]
        if "." in dataset.dictionary_file.name
        else ""
    )
    return protected_files.file_response(
        dataset.dictionary_file, filename=name, content_type="application/octet-stream"
    )


def completeness(request):
    if not permissions.can_see_completeness(request.user):
        raise PermissionDenied("The completeness table is for curators.")
    return render(request, "inventory/completeness.html", {"rows": selectors.completeness()})


def dataset_import(request):
    if not permissions.can_create(request.user):
        raise PermissionDenied("Only data officers and curators import inventory entries.")
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            summary = transfer.import_datasets(form.cleaned_data["file"], request.user)
        except ImportRejected as rejected:
            errors = rejected.errors
        else:
            messages.success(
                request,
                f"Imported: {summary.created} new, {summary.updated} updated, "
                f"{summary.unchanged} unchanged.",
            )
            return redirect("inventory:list")
    status = 400 if errors else 200
    return render(
        request,
        "inventory/import.html",
        {"form": form, "errors": errors, "columns": transfer.COLUMNS},
        status=status,
    )


def _exported(request):
    found = DatasetFilter(request.GET, queryset=Dataset.objects.all(), user=request.user)
    return found.qs.fields_visible_to(request.user)


@require_safe
def export_csv(request):
    response = HttpResponse(transfer.export_csv(_exported(request)), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="inventory.csv"'
    return response


@require_safe
def export_xlsx(request):
    response = HttpResponse(transfer.export_xlsx(_exported(request)), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="inventory.xlsx"'
    return response


@login_not_required
@require_safe
def data_json(request):
    """Public entries only, for harvesting by data.ct.gov and data.gov: no sign-in."""
    base_url = settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")
    response = JsonResponse(dcat.catalog(base_url), json_dumps_params={"indent": 1})
    response["Cache-Control"] = "public, max-age=3600"
    return response


def start_request(request, pk):
    """ "Request this data": the wizard's first step with the dataset chosen."""
    dataset = _dataset(pk)
    if not can_create_request(request.user) or dataset.status != DatasetStatus.ACTIVE:
        raise PermissionDenied("Only data officers open sharing requests.")
    if dataset.agency_id == request.user.agency_id:
        raise PermissionDenied("This dataset is your own agency's.")
    form = StartRequestForm(
        request.POST or None, initial={"title": f"{dataset.title} ({dataset.agency.code})"[:200]}
    )
    if request.method == "POST" and form.is_valid():
        sr = services.start_request(request.user, dataset, form.cleaned_data["title"])
        messages.success(request, f"Request started for “{dataset.title}”.")
        return redirect("sharing:request_step", pk=sr.pk, step="purpose")
    agreements = [
        (sr, can_view_request(request.user, sr)) for sr in selectors.covering_agreements(dataset)
    ]
    return render(
        request,
        "inventory/start_request.html",
        {"dataset": dataset, "form": form, "agreements": agreements},
    )


def pick_datasets(request, request_pk):
    """The wizard's dataset picker: search the inventory, tick what the request asks for."""
    sr = get_object_or_404(SharingRequest.objects.visible_to(request.user), pk=request_pk)
    if not permissions.can_pick_for_request(request.user, sr):
        raise PermissionDenied("This request can no longer be edited.")
    chosen = list(sr.datasets.select_related("agency"))
    text = request.GET.get("q", "").strip()[:200]
    candidates = Dataset.objects.active().select_related("agency")
    if text:
        # The list's search: every title, and the details the user may read.
        candidates = DatasetFilter({"q": text}, queryset=candidates, user=request.user).qs[:50]
    else:
        candidates = candidates.filter(agency_id=sr.providing_agency_id)[:50]
    candidates = list(candidates)
    choices = {d.pk: d for d in [*chosen, *candidates]}
    queryset = Dataset.objects.filter(pk__in=choices)
    if request.method == "POST":
        # Any active entry may be named (its catalog line is visible to everyone).
        queryset = Dataset.objects.active() | Dataset.objects.filter(pk__in=[d.pk for d in chosen])
    form = PickDatasetsForm(
        request.POST if request.method == "POST" else None,  # ticking none is a choice
        queryset=queryset.select_related("agency").order_by("title"),
        initial={"datasets": [d.pk for d in chosen]},
    )
    if request.method == "POST" and form.is_valid():
        services.set_requested_datasets(sr, form.cleaned_data["datasets"])
        messages.success(request, "Datasets saved; their data categories are on the request.")
        return redirect("sharing:request_step", pk=sr.pk, step="data")
    return render(
        request,
        "inventory/pick_datasets.html",
        {"sr": sr, "form": form, "q": text, "chosen": chosen},
    )
