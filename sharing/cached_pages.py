"""The sharing pages' content as kept in the cache: what each part holds, and its key.

Every part is kept under the data version it was read at (sharing.page_cache), so a change
shows on the next view; a part that depends on who asks is also kept per audience. The
statewide pieces such a part is built from (the register's rows and filter form, a
request's advice) are kept without an audience, so after a change each audience's part is
rebuilt from them with a render, not with the queries again.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from sharing import page_cache, permissions, selectors
from sharing.advisor import COUNSEL_NOTICE, AdviceError
from sharing.filters import QueueFilter, RegisterFilter
from sharing.models import (
    AgreementType,
    Clause,
    DataCategory,
    DataVersion,
    RequestAttachment,
    RequestComment,
    SharingRequest,
    State,
    TransitionLog,
)

PAGE_SIZE = 50
# The GET parameters each list understands; other addresses are answered but not cached.
QUEUE_PARAMS = {"view", "state", "q", "page"}
REGISTER_PARAMS = {"agency", "category", "status", "expires_before", "page"}
GUIDANCE, REQUESTS = DataVersion.GUIDANCE, DataVersion.REQUESTS


def guidance_library(query: str, category: str):
    """The guidance home's content: the same for everyone."""

    def render():
        return render_to_string(
            "sharing/_library.html",
            {
                "query": query,
                "category": category,
                "frameworks": selectors.search_frameworks(query, category),
                "categories": DataCategory.objects.order_by("name"),
                "agreement_types": AgreementType.objects.order_by("rank"),
                "clauses": Clause.objects.order_by("number"),
                "counsel_notice": COUNSEL_NOTICE,
            },
        )

    version = page_cache.current_version(GUIDANCE)
    return page_cache.cached_html("guidance", (version, query, category), render)


def _cacheable(request, params) -> bool:
    """Only addresses made of the page's own parameters are kept (no cache of junk)."""
    return set(request.GET) <= params


def _per_audience(request, name, params, version, render):
    """A list page's content for this audience and address."""
    if not _cacheable(request, params):
        return render()
    key = (version, page_cache.audience(request.user), request.GET.urlencode())
    return page_cache.cached_html(name, key, render)


def work_queue(request):
    """The work queue's content: what waits on the user, or all they may see."""
    user = request.user
    mine = request.GET.get("view", "mine") != "all"

    def render():
        found = QueueFilter(request.GET, queryset=selectors.work_queue(user, mine=mine))
        page = Paginator(found.qs, PAGE_SIZE).get_page(request.GET.get("page"))
        return render_to_string(
            "sharing/_queue.html",
            {
                "filter": found,
                "page": page,
                "mine": mine,
                "can_create": permissions.can_create_request(user),
            },
        )

    version = page_cache.current_version(REQUESTS)
    return _per_audience(request, "queue", QUEUE_PARAMS, version, render)


@dataclass(frozen=True)
class AgreementRow:
    """One register row as shown; `permissions.can_view` reads its two agency ids."""

    pk: int
    title: str
    url: str
    requesting_agency_id: int
    providing_agency_id: int
    providing_code: str
    receiving_code: str
    categories: str
    status: str
    effective: str
    expiry: str


def _agreement_row(sr, today) -> AgreementRow:
    status = sr.get_state_display()
    if sr.state == State.EXECUTED and sr.expiry_date < today:
        status += " (past expiry)"
    return AgreementRow(
        pk=sr.pk,
        title=sr.title,
        url=reverse("sharing:request_detail", args=[sr.pk]),
        requesting_agency_id=sr.requesting_agency_id,
        providing_agency_id=sr.providing_agency_id,
        providing_code=sr.providing_agency.code,
        receiving_code=sr.requesting_agency.code,
        categories=", ".join(c.name for c in sr.categories.all()),
        status=status,
        effective=sr.effective_date.isoformat() if sr.effective_date else "",
        expiry=sr.expiry_date.isoformat() if sr.expiry_date else "",
    )


def register(request):
    """The register's content: statewide rows; a row links for those who may open it."""
    user = request.user
    version = page_cache.current_version(GUIDANCE, REQUESTS)  # category names come with rows
    today = timezone.localdate()
    address = request.GET.urlencode()

    def statewide():
        agreements = RegisterFilter(request.GET, queryset=selectors.agreements())
        page = Paginator(agreements.qs, PAGE_SIZE).get_page(request.GET.get("page"))
        return {
            "filters": render_to_string("sharing/_register_filters.html", {"filter": agreements}),
            "count": page.paginator.count,
            "number": page.number,
            "rows": [_agreement_row(sr, today) for sr in page],
        }

    def render():
        if _cacheable(request, REGISTER_PARAMS):
            found = page_cache.cached("register-rows", (version, today, address), statewide)
        else:
            found = statewide()
        page = Paginator(range(found["count"]), PAGE_SIZE).page(found["number"])
        return render_to_string(
            "sharing/_register_body.html",
            {
                "filters": page_cache.as_markup(found["filters"]),
                "page": page,
                "rows": [(row, permissions.can_view(user, row)) for row in found["rows"]],
                "querystring": address,
            },
        )

    return _per_audience(request, "register", REGISTER_PARAMS, (version, today), render)


def sharing_matrix():
    """The matrix page's content (active agreements by agency pair): statewide, per day."""
    version = page_cache.current_version(REQUESTS)

    def render():
        matrix = selectors.sharing_matrix()
        return render_to_string("sharing/_matrix.html", {"matrix": matrix})

    return page_cache.cached_html("matrix", (version, timezone.localdate()), render)


# The request page -------------------------------------------------------------------------

REQUEST_PARTS = ["top", "record", "comments", "attachments"]
REQUEST_PREFETCH = [
    "categories",
    Prefetch("logs", queryset=TransitionLog.objects.select_related("actor")),
    Prefetch("comments", queryset=RequestComment.objects.select_related("author")),
    Prefetch("attachments", queryset=RequestAttachment.objects.select_related("uploaded_by")),
]


def versioned_requests():
    """Requests with the data versions their cached parts are kept under, in the same query."""
    return SharingRequest.objects.annotate(
        guidance_version=page_cache.version_expression(GUIDANCE),
        requests_version=page_cache.version_expression(REQUESTS),
    )


def request_parts(sr) -> dict:
    """The request page's parts that are the same for everyone who may see the request.

    `sr` comes from `versioned_requests()`, and the caller has checked access. A transition,
    comment, file, guidance edit or renamed agency or user renews the versions.
    """
    today = timezone.localdate()

    def render():
        prefetch_related_objects([sr], *REQUEST_PREFETCH)
        overlaps = selectors.overlapping_agreements(
            sr.requesting_agency_id,
            sr.providing_agency_id,
            [c.pk for c in sr.categories.all()],
            exclude_pk=sr.pk,
        )
        context = {"sr": sr, "overlaps": list(overlaps)}
        parts = {
            name: render_to_string(f"sharing/_request_{name}.html", context)
            for name in REQUEST_PARTS
        }
        parts["guidance"] = _request_guidance(sr)
        return parts

    key = (sr.guidance_version, sr.requests_version, sr.pk, today)
    parts = page_cache.cached("request", key, render)
    return {name: page_cache.as_markup(html) for name, html in parts.items()}


def _request_guidance(sr) -> str:
    """The advice for the request's answers: kept per guidance version and those answers,
    so a change to other requests does not compute it again."""
    inputs = (
        sr.guidance_version,
        sorted(c.key for c in sr.categories.all()),
        sr.identifiability,
        sr.purpose,
        (sr.requesting_agency_id, sr.requesting_agency.code, sr.requesting_agency.name),
        (sr.providing_agency_id, sr.providing_agency.code, sr.providing_agency.name),
        sr.contractor_involved,
    )

    def render():
        try:
            advice = sr.advice()
        except AdviceError:
            advice = None
        context = {"advice": advice, "counsel_notice": COUNSEL_NOTICE}
        return render_to_string("sharing/_request_guidance.html", context)

    return page_cache.cached_html("advice", inputs, render)
