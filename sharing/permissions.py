"""Who may see and do what with sharing requests: the one place views, querysets and tests ask.

Data officers see requests where their agency is the requester or the provider; sharing
reviewers and hub curators see every request; everyone else sees none. A request a user
may not see answers 404, never 403, so its existence is not revealed.
"""

from django.db.models import Q

from accounts.roles import is_curator, is_data_officer, is_reviewer
from sharing.states import REVIEW_STATES, State


def sees_all_requests(user) -> bool:
    return is_reviewer(user) or is_curator(user)


def visible_requests_filter(user) -> Q:
    """A Q for SharingRequest rows the user may see (`visible_to(user)`)."""
    if sees_all_requests(user):
        return Q()
    if is_data_officer(user):
        return Q(requesting_agency_id=user.agency_id) | Q(providing_agency_id=user.agency_id)
    return Q(pk__in=[])


def can_view(user, sharing_request) -> bool:
    if sees_all_requests(user):
        return True
    return is_data_officer(user) and user.agency_id in (
        sharing_request.requesting_agency_id,
        sharing_request.providing_agency_id,
    )


def can_create_request(user) -> bool:
    return is_data_officer(user)


def is_requester_officer(user, sharing_request) -> bool:
    return is_data_officer(user) and user.agency_id == sharing_request.requesting_agency_id


def is_provider_officer(user, sharing_request) -> bool:
    return is_data_officer(user) and user.agency_id == sharing_request.providing_agency_id


def can_edit(user, sharing_request) -> bool:
    """The requester's data officers edit the intake while it is theirs to change."""
    return is_requester_officer(user, sharing_request) and sharing_request.state in (
        State.DRAFT,
        State.CHANGES_REQUESTED,
    )


def can_comment(user, sharing_request) -> bool:
    return can_view(user, sharing_request)


# Close-out: the agreement has ended and its data must be destroyed.
CLOSE_OUT_STATES = (State.EXPIRED, State.TERMINATED)


def can_certify_destruction(user, sharing_request) -> bool:
    """The receiving (requesting) agency's data officers certify that they destroyed the
    data, once the agreement has ended."""
    return is_requester_officer(user, sharing_request) and sharing_request.state in CLOSE_OUT_STATES


def can_take(user, sharing_request) -> bool:
    """A sharing reviewer takes a request waiting for review ("Assign to me")."""
    return is_reviewer(user) and sharing_request.state in REVIEW_STATES


def is_review_lead(user) -> bool:
    """Leads (hub curators) assign requests to any sharing reviewer."""
    return is_curator(user)


def can_assign(user, sharing_request) -> bool:
    return is_review_lead(user) and sharing_request.state in REVIEW_STATES
