"""Views: guidance, advisor, requests (wizard, detail, actions, documents) and the register."""

import csv
import datetime
import functools
import logging
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_POST

from accounts.models import Agency
from config import cache_versions
from hub import protected_files
from hub.formula_guard import safe_cell
from hub.input_checks import query_has_control_characters
from sharing import (
    ageing,
    notifications,
    permissions,
    register_export,
    selectors,
    services,
    tasks,
    workflow,
)
from sharing.advisor import COUNSEL_NOTICE, AdviceError, advice_for_request, advise
from sharing.agreement_docx import build_agreement
from sharing.clauses import drafted_clauses
from sharing.filters import QueueFilter, RegisterFilter
from sharing.forms import (
    ActionForm,
    AdvisorForm,
    AttachmentForm,
    CommentForm,
    DestructionForm,
)
from sharing.models import (
    DataCategory,
    DestructionCertificate,
    Identifiability,
    LegalFramework,
    RequestAttachment,
    SharingRequest,
    State,
)
from sharing.wizard import STEPS, step_by_key, step_context

logger = logging.getLogger(__name__)
PAGE_SIZE = 50
BAD_QUERY = (
    "The address contains control characters (such as NUL) that a search cannot use. "
    "Remove them and try again."
)


def clean_query(view=None, *, as_json=False):
    """Answer 400 with a clear message when a GET parameter holds control characters.

    PostgreSQL refuses NUL in any text it is given, so such a search would otherwise fail
    deep in the database as a 500.
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if query_has_control_characters(request.GET):
                if as_json:
                    return JsonResponse({"error": BAD_QUERY}, status=400)
                return render(
                    request, "sharing/bad_request.html", {"message": BAD_QUERY}, status=400
                )
            return view(request, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate


# Guidance -------------------------------------------------------------------------------


@clean_query
def index(request):
    """The guidance home: search the frameworks, browse categories, types and clauses."""
    query = request.GET.get("q", "").strip()
    category = request.GET.get("category", "").strip()
    context = selectors.guidance_library(query, category)  # querysets: read on a cache miss
    context.update(
        counsel_notice=COUNSEL_NOTICE,
        sharing_version=cache_versions.version(cache_versions.SHARING),
        cache_seconds=cache_versions.CACHE_SECONDS,
    )
    return render(request, "sharing/index.html", context)


def framework_detail(request, slug):
    framework = get_object_or_404(
        LegalFramework.objects.prefetch_related("categories", "required_clauses"), slug=slug
    )
    return render(
        request,
        "sharing/framework_detail.html",
        {"framework": framework, "counsel_notice": COUNSEL_NOTICE},
    )


@clean_query
def advisor(request):
    form = AdvisorForm(request.GET or None)
    advice = None
    if form.is_bound and form.is_valid():
        advice = advise(
            [c.key for c in form.cleaned_data["category"]],
            form.cleaned_data["identifiability"],
            contractor=form.cleaned_data["contractor"],
            federal_match=form.cleaned_data["federal_match"],
            research=form.cleaned_data["research"],
        )
    start_query = ""
    if advice is not None and permissions.can_create_request(request.user):
        start = [("category", c.key) for c in advice.categories]
        start.append(("identifiability", advice.identifiability))
        start += [
            (flag, "1")
            for flag in ("contractor", "federal_match", "research")
            if getattr(advice, flag)
        ]
        start_query = urlencode(start)
    return render(
        request,
        "sharing/advisor.html",
        {
            "form": form,
            "advice": advice,
            "counsel_notice": COUNSEL_NOTICE,
            "start_query": start_query,
        },
    )


def _agency_param(request, name):
    code = request.GET.get(name, "").strip().upper()
    if not code:
        return None
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise AdviceError(f"Unknown agency code for {name}: '{code}'.")
    return agency


def _flag(request, name) -> bool:
    return request.GET.get(name, "").lower() in {"1", "true", "yes", "on"}


@clean_query(as_json=True)
def advice_json(request):
    """The advisor as JSON; also takes agency codes, the purpose, and the flags
    `contractor=1`, `federal_match=1` and `research=1`."""
    try:
        advice = advise(
            request.GET.getlist("category"),
            request.GET.get("identifiability", "identified"),
            purpose=request.GET.get("purpose", ""),
            requesting_agency=_agency_param(request, "requesting_agency"),
            providing_agency=_agency_param(request, "providing_agency"),
            contractor=_flag(request, "contractor"),
            federal_match=_flag(request, "federal_match"),
            research=_flag(request, "research"),
        )
    except AdviceError as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse(advice.as_json())


# Requests -------------------------------------------------------------------------------


def _cached_list_context(request) -> dict:
    """What a cached list fragment is keyed by: it shows what this user may see, so the
    user's id is in the key, with the sharing version and the query."""
    return {
        "sharing_version": cache_versions.version(cache_versions.SHARING),
        "cache_seconds": cache_versions.CACHE_SECONDS,
        "query": request.GET.urlencode(),
    }


@clean_query
def request_list(request):
    """The work queue: what waits on me, or every request I may see."""
    mine = request.GET.get("view", "mine") != "all"

    def listing():  # read only when the cached fragment is missing
        found = QueueFilter(request.GET, queryset=selectors.work_queue(request.user, mine=mine))
        page = Paginator(found.qs, PAGE_SIZE).get_page(request.GET.get("page"))
        return {
            "filter": found,
            "page": page,
            "rows": ageing.mark_waiting(page, timezone.localdate()),
            "review_target": ageing.review_target(),
        }

    context = {
        **_cached_list_context(request),
        "listing": SimpleLazyObject(listing),
        "today": timezone.localdate(),  # days waiting change with the date
        "mine": mine,
        "can_create": permissions.can_create_request(request.user),
    }
    return render(request, "sharing/request_list.html", context)


def _visible_request(user, pk, queryset=None):
    """The request if this user may see it; 404 otherwise (never 403)."""
    if queryset is None:
        queryset = SharingRequest.objects.all()
    sr = get_object_or_404(
        queryset.select_related("requesting_agency", "providing_agency", "created_by"),
        pk=pk,
    )
    if not permissions.can_view(user, sr):
        raise Http404("No such request.")
    return sr


def _advisor_prefill(data) -> dict:
    """The advisor's answers carried into a new request ("Start a request with this")."""
    keys = [k for k in data.getlist("category") if k][:20]
    categories = list(DataCategory.objects.filter(key__in=keys).order_by("name")) if keys else []
    identifiability = data.get("identifiability", "")
    if identifiability not in Identifiability.values:
        identifiability = ""
    return {
        "categories": categories,
        "identifiability": identifiability,
        "identifiability_label": Identifiability(identifiability).label if identifiability else "",
        **{
            flag: data.get(flag, "").lower() in {"1", "true", "yes", "on"}
            for flag in ("contractor", "federal_match", "research")
        },
    }


def request_new(request):
    if not permissions.can_create_request(request.user):
        raise PermissionDenied("Only data officers open sharing requests.")
    step = STEPS[0]
    prefill = _advisor_prefill(request.POST if request.method == "POST" else request.GET)
    form = step.form_class(request.POST or None, requesting_agency=request.user.agency)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        # At the agencies step: what already exists between the two agencies, either way
        # (for the advisor's categories when it started the request); asked once.
        providing_agency = form.cleaned_data["providing_agency"]
        categories = prefill["categories"]
        duplicates = selectors.possible_duplicates(
            request.user,
            (request.user.agency_id, providing_agency.pk),
            [c.pk for c in categories] if categories else None,
        )
        if not duplicates or request.POST.get("acknowledged") == "1":
            sr = services.create_request(
                request.user,
                title=form.cleaned_data["title"],
                providing_agency=providing_agency,
                categories=categories,
                identifiability=prefill["identifiability"] or None,
                contractor=prefill["contractor"],
                federal_match=prefill["federal_match"],
                research=prefill["research"],
            )
            return redirect("sharing:request_step", pk=sr.pk, step=STEPS[1].key)
    context = step_context(None, step, form, request.user)
    context.update(prefill=prefill, duplicates=duplicates)
    return render(request, "sharing/wizard.html", context)


def request_step(request, pk, step):
    sr = _visible_request(request.user, pk)
    current = step_by_key(step)
    if current is None:
        raise Http404("No such step.")
    editable = permissions.can_edit(request.user, sr)
    lost_race = request.method == "POST" and permissions.is_requester_officer(request.user, sr)
    if not editable and not lost_race:
        messages.info(request, "This request can no longer be edited.")
        return redirect("sharing:request_detail", pk=sr.pk)
    kwargs = {"instance": sr}
    if current.key == "parties":
        kwargs["requesting_agency"] = sr.requesting_agency
    form = current.form_class(request.POST or None, **kwargs)
    version = sr.version
    if not editable:  # submitted or withdrawn meanwhile: show the entries, save nothing
        messages.error(
            request,
            "This request changed since you opened it and can no longer be edited here. "
            "Your entries are shown below: copy what you need into a comment.",
        )
        context = step_context(sr, current, form, request.user)
        return render(request, "sharing/wizard.html", context, status=409)
    if request.method == "POST" and form.is_valid():
        seen_version = _int_or_none(request.POST.get("version"))
        if seen_version is None:  # without it the stale-edit check cannot be made
            messages.error(
                request,
                "This page was sent without the version of the request it edits, so nothing "
                "was saved. Your entries are kept below: check the summary, then save again.",
            )
            context = step_context(sr, current, form, request.user)
            context["version"] = version
            return render(request, "sharing/wizard.html", context, status=400)
        try:
            services.save_step(form, request.user, seen_version)
        except services.StaleDraft:
            messages.error(
                request,
                "This request changed since you opened it. Your entries are kept below: "
                "check the summary, then save again to keep them.",
            )
            current_sr = _visible_request(request.user, pk)
            context = step_context(current_sr, current, form, request.user)
            context["version"] = current_sr.version
            return render(request, "sharing/wizard.html", context, status=409)
        except DatabaseError:
            logger.exception("Wizard step %s of sharing request %s not saved", step, pk)
            typed = "\n\n".join(
                str(v) for v in form.cleaned_data.values() if isinstance(v, str) and v
            )
            return _not_saved(request, pk, typed)
        following = current.next_key
        if following and "back" not in request.POST:
            return redirect("sharing:request_step", pk=sr.pk, step=following)
        messages.success(request, "Saved. Check the summary, then submit it for review.")
        return redirect("sharing:request_detail", pk=sr.pk)
    context = step_context(sr, current, form, request.user)
    context["version"] = version
    return render(request, "sharing/wizard.html", context)


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _action_initial(sr, actions) -> dict:
    """The action panel's dates pre-filled from the requested term: executing from today
    for one term; renewing for one more term from the current expiry."""
    initial = {"version": sr.version}
    names = {t.name for t in actions}
    if "mark_executed" in names:
        today = timezone.localdate()
        initial["effective_date"] = today
        initial["expiry_date"] = workflow.term_expiry(today, sr.term_months)
    elif "renew" in names:
        renew = workflow.TRANSITIONS["renew"]
        initial["expiry_date"] = workflow.default_expiry(sr, renew, None)
    return initial


def _detail_context(
    user, sr, action_form=None, comment_form=None, attachment_form=None, destruction_form=None
):
    actions = workflow.allowed_transitions(user, sr)
    action_form = action_form or ActionForm(initial=_action_initial(sr, actions))

    def overlaps():
        found = selectors.overlapping_agreements(
            sr.requesting_agency_id,
            sr.providing_agency_id,
            [c.pk for c in sr.categories.all()],
            exclude_pk=sr.pk,
        )
        return list(found)

    return {
        "sr": sr,
        # Computed only when their cached fragments are (sharing/request_detail.html).
        "overlaps": SimpleLazyObject(overlaps),
        "timeline": SimpleLazyObject(lambda: selectors.request_timeline(sr)),
        "advice": SimpleLazyObject(lambda: advice_for_request(sr)),
        "counsel_notice": COUNSEL_NOTICE,
        "actions": actions,
        "needs_dates": {t.dates for t in actions if t.dates},
        "action_form": action_form,
        "comment_form": comment_form or CommentForm(),
        "attachment_form": attachment_form or AttachmentForm(),
        "can_edit": permissions.can_edit(user, sr),
        "steps": STEPS,
        "changes": SimpleLazyObject(lambda: selectors.submission_changes(sr)),
        "comments": SimpleLazyObject(lambda: selectors.request_comments(sr)),
        "files": SimpleLazyObject(lambda: selectors.request_files(sr)),
        "returned": selectors.returned_reason(sr),
        "certificate": getattr(sr, "destruction_certificate", None),
        "can_certify": permissions.can_certify_destruction(user, sr),
        "destruction_form": destruction_form
        or DestructionForm(initial={"destroyed_on": timezone.localdate()}),
        "close_out_states": permissions.CLOSE_OUT_STATES,
        "can_take": permissions.can_take(user, sr) and sr.assignee_id != user.pk,
        "assignable": list(selectors.reviewers()) if permissions.can_assign(user, sr) else [],
    }


def request_detail(request, pk):
    return _request_page(request, pk)


def _request_page(request, pk, status=200, **forms):
    """The request page, or the same page again after a refused form (`forms` keep what was
    typed). Its parts that are the same for everyone who may see the request (the record,
    timeline, comments, files, guidance) are cached for the sharing version, read before the
    request (config/cache_versions.py); the forms and buttons, the user's own, are not."""
    version = cache_versions.version(cache_versions.SHARING)
    sr = _visible_request(request.user, pk, selectors.request_page())
    context = _detail_context(request.user, sr, **forms)
    context.update(
        sharing_version=version,
        cache_seconds=cache_versions.CACHE_SECONDS,
        today=timezone.localdate(),  # overlapping agreements are those in force today
    )
    return render(request, "sharing/request_detail.html", context, status=status)


def request_versions(request, pk):
    """Every submitted version of a request, each compared with the one before."""
    sr = _visible_request(request.user, pk)
    return render(
        request,
        "sharing/request_versions.html",
        {"sr": sr, "history": selectors.version_history(sr)},
    )


def _confirmation(request, sr, transition, data) -> dict:
    """The shared confirmation step's context: what will happen, who will be told, and the
    action's fields to post again with confirmed=1."""
    fields = [("action", transition.name), ("version", data["version"])]
    fields += [
        (name, data[name].isoformat() if hasattr(data[name], "isoformat") else data[name])
        for name in ("comment", "effective_date", "expiry_date")
        if data.get(name)
    ]
    body = f"{transition.consequence}\n\n{notifications.who_is_told(sr, transition, request.user)}"
    if data.get("comment"):
        body += f"\n\nYour reason or comment: {data['comment']}"
    return {
        "title": f"{transition.label}: request #{sr.pk}, {sr.title}?",
        "body": body,
        "action_url": reverse("sharing:request_action", args=[sr.pk]),
        "confirm_label": f"Yes, {transition.label.lower()}",
        "cancel_url": reverse("sharing:request_detail", args=[sr.pk]),
        "danger": transition.style in ("danger", "outline-danger"),
        "fields": fields,
    }


@require_POST
def request_action(request, pk):
    sr = _visible_request(request.user, pk)
    name = request.POST.get("action", "")
    form = ActionForm(request.POST)
    if not form.is_valid():
        return _rerender(request, pk, form, status=400)
    data = form.cleaned_data
    transition = workflow.TRANSITIONS.get(name)
    # Consequential steps are asked about first (components/confirm.html posts back with
    # confirmed=1); the question is asked only about a step that would go through.
    confirming = bool(transition and transition.consequence) and (
        request.POST.get("confirmed") != "1"
    )
    step = workflow.check_transition if confirming else workflow.apply_transition
    try:
        log = step(
            sr.pk,
            request.user,
            name,
            version=data["version"],
            comment=data["comment"],
            effective_date=data["effective_date"],
            expiry_date=data["expiry_date"],
        )
    except workflow.NotFound:
        raise Http404("No such request.") from None
    except workflow.StaleRequest as error:
        form = ActionForm(
            initial={"version": SharingRequest.objects.get(pk=pk).version, **_kept(data)}
        )
        messages.error(request, str(error))
        return _rerender(request, pk, form, status=409)
    except workflow.InvalidInput as error:
        for field, message in error.errors.items():
            form.add_error(field, message)
        return _rerender(request, pk, form, status=400)
    except workflow.NotAllowed as error:
        form = ActionForm(initial={"version": sr.version, **_kept(data)})
        messages.error(request, str(error))
        return _rerender(request, pk, form, status=403)
    except DatabaseError:
        # The transaction rolled back as a whole: say so plainly, keep what the user typed.
        logger.exception("Transition %s on sharing request %s not saved", name, pk)
        return _not_saved(request, pk, data.get("comment", ""))
    if confirming:
        context = {"confirm": _confirmation(request, sr, transition, data)}
        return render(request, "components/confirm.html", context)
    messages.success(request, f"{workflow.past_tense(log.action)}.")
    return redirect("sharing:request_detail", pk=sr.pk)


def _not_saved(request, pk, typed: str):
    """503 saying nothing was saved, with what the user typed; no query of its own.

    A connection broken mid-request is dropped so the page (which names the signed-in
    user's agency) gets a fresh one if the server is back.
    """
    connection.close_if_unusable_or_obsolete()
    return render(
        request,
        "sharing/not_saved.html",
        {"pk": pk, "typed": typed},
        status=503,
    )


def _kept(data):
    return {k: data.get(k) for k in ("comment", "effective_date", "expiry_date") if data.get(k)}


def _rerender(request, pk, action_form, status):
    return _request_page(request, pk, status=status, action_form=action_form)


@require_POST
def request_comment(request, pk):
    sr = _visible_request(request.user, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _request_page(request, pk, status=400, comment_form=form)
    try:
        services.add_comment(sr, request.user, form.cleaned_data["body"])
    except DatabaseError:
        logger.exception("Comment on sharing request %s not saved", pk)
        return _not_saved(request, pk, form.cleaned_data["body"])
    messages.success(request, "Comment added.")
    return redirect(reverse("sharing:request_detail", args=[sr.pk]) + "#comments")


@require_POST
def attachment_upload(request, pk):
    sr = _visible_request(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _request_page(request, pk, status=400, attachment_form=form)
    try:
        services.add_attachment(
            sr, request.user, form.cleaned_data["file"], kind=form.cleaned_data["kind"]
        )
    except DatabaseError:
        logger.exception("Attachment on sharing request %s not saved", pk)
        return _not_saved(request, pk, "")
    messages.success(request, "File attached.")
    return redirect(reverse("sharing:request_detail", args=[sr.pk]) + "#attachments")


def attachment_download(request, pk, attachment_id):
    sr = _visible_request(request.user, pk)
    attachment = get_object_or_404(RequestAttachment, pk=attachment_id, request=sr)
    return protected_files.file_response(
        attachment.file, filename=attachment.name, content_type=attachment.content_type
    )


@require_POST
def assign(request, pk):
    """'Assign to me' (a reviewer), or a lead assigns a sharing reviewer."""
    sr = _visible_request(request.user, pk)
    wanted = request.POST.get("assignee", "")
    if wanted == "me":
        assignee = request.user
    else:
        assignee = selectors.reviewers().filter(pk=_int_or_none(wanted)).first()
        if assignee is None:
            messages.error(request, "Choose a sharing reviewer to assign.")
            return redirect(reverse("sharing:request_detail", args=[sr.pk]) + "#assignment")
    try:
        services.assign_request(sr.pk, request.user, assignee)
    except services.AssignmentRefused as error:
        raise PermissionDenied(str(error)) from None
    messages.success(request, f"Assigned to {assignee}.")
    return redirect(reverse("sharing:request_detail", args=[sr.pk]) + "#assignment")


@require_POST
def certify_destruction(request, pk):
    """The receiving agency's data officer certifies destruction (close-out evidence)."""
    sr = _visible_request(request.user, pk)
    if not permissions.can_certify_destruction(request.user, sr):
        raise PermissionDenied("Only the receiving agency's data officers certify destruction.")
    form = DestructionForm(request.POST, request.FILES, today=timezone.localdate())
    if not form.is_valid():
        return _request_page(request, pk, status=400, destruction_form=form)
    try:
        services.certify_destruction(sr.pk, request.user, form.cleaned_data)
    except services.CloseOutRefused as error:
        messages.error(request, str(error))
        return redirect(reverse("sharing:request_detail", args=[sr.pk]) + "#close-out")
    except DatabaseError:
        logger.exception("Destruction certificate on sharing request %s not saved", pk)
        return _not_saved(request, pk, "")
    messages.success(request, "Destruction certified. A reviewer will verify it.")
    return redirect(reverse("sharing:request_detail", args=[sr.pk]) + "#close-out")


def destruction_certificate(request, pk):
    """The signed certificate, for those who may see the request (404 otherwise)."""
    sr = _visible_request(request.user, pk)
    certificate = get_object_or_404(DestructionCertificate, request=sr)
    return protected_files.file_response(
        certificate.file, filename=certificate.file_name, content_type="application/pdf"
    )


def clause_preview(request, pk):
    """The agreement's clauses in the library's model wording, completed from the request."""
    sr = _visible_request(request.user, pk, selectors.request_page())
    advice = advice_for_request(sr)
    return render(
        request,
        "sharing/clause_preview.html",
        {"sr": sr, "advice": advice, "drafted": drafted_clauses(sr, advice)},
    )


def agreement_docx(request, pk):
    sr = _visible_request(request.user, pk)
    response = HttpResponse(
        build_agreement(sr),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="agreement-draft-{sr.pk}.docx"'
    return response


# Register -------------------------------------------------------------------------------

EXPIRY_HIGHLIGHT_DAYS = 90  # agreements expiring this soon are highlighted


@clean_query
def register(request):
    """Agreements statewide; a row links to its request for those who may open it."""

    def listing():  # read only when the cached fragment is missing
        # "datasets": the inventory datasets each agreement names (declared by inventory),
        # as a list on each row: `sr.datasets.all` in the template built a related manager
        # per row (~2 ms a page).
        named = Prefetch("datasets", to_attr="dataset_list")
        found = RegisterFilter(request.GET, queryset=selectors.agreements().prefetch_related(named))
        paginator = Paginator(found.qs, PAGE_SIZE)
        paginator.count = found.count(SharingRequest.objects.agreements())
        page = paginator.get_page(request.GET.get("page"))
        today = timezone.localdate()
        rows = [register_row(sr, permissions.can_view(request.user, sr), today) for sr in page]
        return {"filter": found, "page": page, "rows": rows}

    context = {
        **_cached_list_context(request),
        "listing": SimpleLazyObject(listing),
        "today": timezone.localdate(),
        "querystring": request.GET.urlencode(),
    }
    return render(request, "sharing/register.html", context)


def register_row(sr, linked: bool, today: datetime.date) -> dict:
    """What one line of the register shows, worked out once: the template only writes it
    (50 lines a page; a template's lookups and conditions cost ~20 us each)."""
    executed = sr.state == State.EXECUTED
    past_expiry = executed and sr.expiry_date is not None and sr.expiry_date < today
    highlight_until = today + datetime.timedelta(days=EXPIRY_HIGHLIGHT_DAYS)
    return {
        "pk": sr.pk,
        "title": sr.title,
        "url": reverse("sharing:request_detail", args=[sr.pk]) if linked else "",
        "provider": sr.providing_agency.code,
        "requester": sr.requesting_agency.code,
        "categories": ", ".join(sr.category_names),
        "datasets": [(reverse("inventory:detail", args=[d.pk]), d.title) for d in sr.dataset_list],
        "state": sr.get_state_display(),
        "past_expiry": past_expiry,
        "effective_date": sr.effective_date,
        "expiry_date": sr.expiry_date,
        "soon": executed and today <= sr.expiry_date <= highlight_until,
        "destroyed_on": sr.destroyed_on,
        "certificate_url": (
            reverse("sharing:destruction_certificate", args=[sr.pk])
            if linked and sr.destroyed_on
            else ""
        ),
        "verified": bool(sr.destruction_verified_at),
        "overdue": sr.state in (State.EXPIRED, State.TERMINATED) or past_expiry,
    }


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@clean_query
def register_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sharing-register.csv"'
    writer = csv.writer(response)
    writer.writerow(register_export.REGISTER_COLUMNS)
    for row in register_export.register_rows(request.GET):
        writer.writerow([safe_cell(cell) for cell in row])
    return response


@clean_query
def register_xlsx(request):
    """The register as register.csv has it, as an Excel workbook (dates typed as dates).
    More than tasks.REGISTER_TASK_ROWS rows: made by the worker, downloaded from its page."""
    rows = register_export.register_queryset(request.GET).count()
    if rows > tasks.REGISTER_TASK_ROWS:
        run = tasks.start_register_xlsx(request.user, request.GET, rows)
        return redirect("jobs:status", pk=run.pk)
    response = HttpResponse(register_export.register_workbook(request.GET), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="sharing-register.xlsx"'
    return response


@clean_query(as_json=True)
def register_json(request):
    """The register as register.csv has it, for feeds: {"agreements": [{column: value}]}."""
    columns = register_export.REGISTER_COLUMNS
    rows = [
        dict(zip(columns, row, strict=True)) for row in register_export.register_rows(request.GET)
    ]
    return JsonResponse({"columns": columns, "agreements": rows})


def register_matrix(request):
    return render(request, "sharing/matrix.html", {"matrix": selectors.sharing_matrix()})
