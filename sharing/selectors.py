"""Reads: the guidance library, the work queue, the register, the matrix, a request's page."""

import datetime

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from accounts.models import Agency
from sharing import permissions, versions
from sharing.models import (
    REVIEW_STATES,
    AgreementType,
    Clause,
    DataCategory,
    DestructionCertificate,
    LegalFramework,
    RequestAttachment,
    RequestComment,
    SharingRequest,
    State,
    TransitionLog,
)
from sharing.permissions import CLOSE_OUT_STATES
from sharing.states import OPEN_STATES

# What a list row shows (not the long intake texts): title, state and the two agencies.
LIST_FIELDS = [
    "title",
    "state",
    "requesting_agency__code",
    "requesting_agency__name",
    "providing_agency__code",
    "providing_agency__name",
]


def guidance_library(query: str = "", category_key: str = "") -> dict:
    """What the guidance home shows: matching frameworks and the whole reference lists."""
    return {
        "query": query,
        "category": category_key,
        "frameworks": search_frameworks(query, category_key),
        "categories": DataCategory.objects.order_by("name"),
        "agreement_types": AgreementType.objects.order_by("rank"),
        "clauses": Clause.objects.order_by("number"),
    }


def search_frameworks(query: str = "", category_key: str = ""):
    """Frameworks matching words in name, summary, citation or disclosure (case-insensitive)."""
    frameworks = LegalFramework.objects.prefetch_related("categories")
    for word in query.split()[:8]:
        frameworks = frameworks.filter(
            Q(name__icontains=word)
            | Q(summary__icontains=word)
            | Q(citation__icontains=word)
            | Q(disclosure__icontains=word)
            | Q(slug__icontains=word)
        )
    if category_key:
        frameworks = frameworks.filter(categories__key=category_key)
    return frameworks.distinct().order_by("name")


def waiting_on(user) -> Q:
    """Requests whose next step is this user's."""
    q = Q(pk__in=[])
    if permissions.is_reviewer(user):
        q |= Q(state__in=REVIEW_STATES)
    elif permissions.is_curator(user):
        q |= Q(state=State.APPROVED)
    if permissions.is_data_officer(user):
        q |= Q(
            requesting_agency_id=user.agency_id,
            state__in=[State.DRAFT, State.CHANGES_REQUESTED],
        )
        q |= Q(providing_agency_id=user.agency_id, state__in=[State.SUBMITTED, State.IN_REVIEW])
    return q


def work_queue(user, *, mine: bool = True):
    requests = SharingRequest.objects.visible_to(user)
    if mine:
        requests = requests.filter(waiting_on(user))
    requests = requests.select_related("requesting_agency", "providing_agency", "assignee").only(
        *LIST_FIELDS,
        "updated_at",
        "submitted_at",
        "assignee__first_name",
        "assignee__last_name",
        "assignee__email",
    )
    if mine:  # what waits on me: the longest waiting first (index `sharing_req_waiting`)
        return requests.order_by(F("submitted_at").asc(nulls_last=True), "id")
    return requests.order_by("-updated_at", "-id")


def request_page():
    """Requests with what every view of their page reads: parties, categories and destruction
    certificate. The timeline, comments and files are read only when their cached fragments
    are made (`request_timeline`, `request_comments`, `request_files`). The certificate's
    two people are read only when there is one (close-out): joining them too made PostgreSQL
    take 3 ms to plan the statement (0.3 ms to run it), and a query of their own cost every
    request page about 2 ms."""
    return SharingRequest.objects.select_related(
        "requesting_agency",
        "providing_agency",
        "created_by",
        "assignee",
        "destruction_certificate",
    ).prefetch_related("categories")


def request_timeline(sr) -> list[TransitionLog]:
    return list(sr.logs.select_related("actor"))


def request_comments(sr) -> list[RequestComment]:
    return list(sr.comments.select_related("author"))


def request_files(sr) -> list[RequestAttachment]:
    return list(sr.attachments.select_related("uploaded_by"))


def category_list(field: str = "name") -> ArraySubquery:
    """A request's data categories (their `field`, by name) as one array column: read
    with the page's rows, after the sort and limit, instead of a query of its own."""
    return ArraySubquery(
        DataCategory.objects.filter(requests=OuterRef("pk")).order_by("name").values(field)
    )


def agreements():
    """Executed agreements (and those that expired, ended or closed), statewide, each
    with `category_names`."""
    return (
        SharingRequest.objects.agreements()
        .select_related("requesting_agency", "providing_agency")
        .only(*LIST_FIELDS, "effective_date", "expiry_date")
        .annotate(
            category_names=category_list("name"),
            destroyed_on=F("destruction_certificate__destroyed_on"),
            destruction_verified_at=F("destruction_certificate__verified_at"),
        )
        .order_by("providing_agency__name", "requesting_agency__name", "expiry_date", "id")
    )


def sharing_matrix():
    """Active agreements counted by (providing, receiving) agency, computed in SQL.

    Counted by agency ids alone (an index-only scan of `sharing_req_executed_exp`), then the
    few agencies named: no join of every agreement row to its two agencies.
    """
    today = timezone.localdate()
    pairs = list(
        SharingRequest.objects.filter(state=State.EXECUTED, expiry_date__gte=today)
        .values_list("providing_agency_id", "requesting_agency_id")
        .annotate(count=Count("*"))
        .order_by()
    )
    ids = {agency_id for pair in pairs for agency_id in pair[:2]}
    agencies = {a.pk: (a.code, a.name) for a in Agency.objects.filter(pk__in=ids)}
    providers, receivers, counts, ids_by_code = {}, {}, {}, {}
    for providing_id, requesting_id, count in pairs:
        (provider, provider_name), (receiver, receiver_name) = (
            agencies[providing_id],
            agencies[requesting_id],
        )
        providers[provider] = provider_name
        receivers[receiver] = receiver_name
        counts[(provider, receiver)] = count
        ids_by_code[provider], ids_by_code[receiver] = providing_id, requesting_id
    providers = sorted(providers.items())
    receivers = sorted(receivers.items())
    table = [
        (code, name, [counts.get((code, r), 0) for r, _n in receivers]) for code, name in providers
    ]
    # The same cells, each with the register's query for the agreements behind it.
    linked = [
        (
            code,
            name,
            [
                (n, f"providing={ids_by_code[code]}&receiving={ids_by_code[r]}&active=1")
                for n, (r, _n) in zip(counts_row, receivers, strict=True)
            ],
        )
        for code, name, counts_row in table
    ]
    return {"receivers": receivers, "rows": table, "linked_rows": linked}


def overlapping_agreements(
    requesting_agency_id, providing_agency_id, category_ids, exclude_pk=None
):
    """Active agreements between the same two agencies (either way) sharing a category."""
    if not category_ids:
        return SharingRequest.objects.none()
    today = timezone.localdate()
    pair = Q(requesting_agency_id=requesting_agency_id, providing_agency_id=providing_agency_id)
    pair |= Q(requesting_agency_id=providing_agency_id, providing_agency_id=requesting_agency_id)
    # EXISTS rather than a join: no DISTINCT over whole rows to undo the join's duplicates.
    shares_a_category = Exists(
        SharingRequest.categories.through.objects.filter(
            sharingrequest_id=OuterRef("pk"), datacategory_id__in=list(category_ids)
        )
    )
    found = SharingRequest.objects.filter(
        pair,
        shares_a_category,
        state=State.EXECUTED,
        effective_date__lte=today,
        expiry_date__gte=today,
    )
    if exclude_pk:
        found = found.exclude(pk=exclude_pk)
    return found.select_related("requesting_agency", "providing_agency").only(
        "expiry_date", "requesting_agency__code", "providing_agency__code"
    )


def expiring_between(start: datetime.date, end: datetime.date):
    return SharingRequest.objects.filter(
        state=State.EXECUTED, expiry_date__gte=start, expiry_date__lte=end
    ).select_related("requesting_agency", "providing_agency")


def submission_changes(sr) -> dict | None:
    """'Changes since the last submission', one query: while the requester edits (a draft
    or a returned request), the edits since the last version; once resubmitted, the last
    version against the one before. None when there is nothing to compare."""
    if sr.submitted_at is None:  # never submitted: no version, no query
        return None
    last_two = list(sr.versions.order_by("-number")[:2])
    if not last_two:
        return None
    latest = last_two[0]
    if sr.state in (State.DRAFT, State.CHANGES_REQUESTED):
        return {
            "since": latest,
            "latest": None,
            "rows": versions.compare(latest.contents, versions.contents_of(sr)),
        }
    if len(last_two) < 2:
        return None
    previous = last_two[1]
    return {
        "since": previous,
        "latest": latest,
        "rows": versions.compare(previous.contents, latest.contents),
    }


def version_history(sr) -> list[dict]:
    """Every version, newest first, each with what changed from the one before."""
    rows, previous = [], None
    for version in sr.versions.select_related("created_by").order_by("number"):
        changes = versions.compare(previous.contents, version.contents) if previous else []
        rows.append({"version": version, "changes": changes})
        previous = version
    return rows[::-1]


def returned_reason(sr):
    """The reviewer's step that returned the request (its comment is the reason); None unless
    changes are requested now."""
    if sr.state != State.CHANGES_REQUESTED:
        return None
    return sr.logs.filter(action="request_changes").select_related("actor").last()


def overdue_close_out_filter(today) -> Q:
    """Agreements past their term without renewal or a destruction certificate: expired or
    terminated without one, or executed past the expiry date (before the nightly job)."""
    certified = Exists(DestructionCertificate.objects.filter(request=OuterRef("pk")))
    ended = Q(state__in=CLOSE_OUT_STATES) | Q(state=State.EXECUTED, expiry_date__lt=today)
    return ended & ~Q(certified)


def reviewers():
    """Active sharing reviewers, to assign requests to."""
    from accounts.models import User
    from accounts.roles import SHARING_REVIEWERS

    return User.objects.filter(is_active=True, groups__name=SHARING_REVIEWERS).order_by(
        "last_name", "first_name", "email"
    )


def possible_duplicates(user, agency_ids, category_ids=None, exclude_pk=None) -> list[dict]:
    """Executed agreements and open requests between the same two agencies (either way),
    sharing a category when `category_ids` is given (at the agencies step nothing is
    chosen yet, so any). Each as {pk, title, state, state_label, visible}: those the user
    may not open are named by title and state only (the page links the others)."""
    first, second = agency_ids
    pair = Q(requesting_agency_id=first, providing_agency_id=second)
    pair |= Q(requesting_agency_id=second, providing_agency_id=first)
    found = SharingRequest.objects.filter(pair, state__in=[State.EXECUTED, *OPEN_STATES])
    if category_ids is not None:
        if not category_ids:
            return []
        found = found.filter(
            Exists(
                SharingRequest.categories.through.objects.filter(
                    sharingrequest_id=OuterRef("pk"), datacategory_id__in=list(category_ids)
                )
            )
        )
    if exclude_pk:
        found = found.exclude(pk=exclude_pk)
    rows = found.only("title", "state", "requesting_agency_id", "providing_agency_id")
    return [
        {
            "pk": sr.pk,
            "title": sr.title,
            "state": sr.state,
            "state_label": sr.get_state_display(),
            "visible": permissions.can_view(user, sr),
        }
        for sr in rows.order_by("-updated_at", "-id")[:20]
    ]
