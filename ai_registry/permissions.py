"""Who may see and do what with AI use cases: the one place views, querysets and tests ask.

An approved use case is visible to every signed-in user. Any other (a draft, one in review,
one sent back or not approved) is visible only to its agencies (the owning agency and the
agencies that joined it), the AI reviewers and the hub curators. A use case a user may not
see answers 404, never 403, so its existence is not revealed.
"""

from django.db.models import Q

from accounts.models import Agency
from accounts.roles import AGENCY_LEADERS, has_role, is_ai_reviewer, is_curator, is_data_officer
from ai_registry.states import APPROVED_STATES, State


def sees_all(user) -> bool:
    return is_ai_reviewer(user) or is_curator(user)


def acts_for_agency(user) -> bool:
    """Data officers and agency leaders register use cases and join them for their agency."""
    if not getattr(user, "is_authenticated", False) or user.agency_id is None:
        return False
    return is_data_officer(user) or has_role(user, AGENCY_LEADERS)


def visible_filter(user) -> Q:
    """A Q for UseCase rows the user may see (`UseCase.objects.visible_to(user)`)."""
    if sees_all(user):
        return Q()
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    visible = Q(state__in=APPROVED_STATES)
    if user.agency_id is not None:
        # The use cases the user's agency joined, read from the agency's side of the join.
        joined = Agency.objects.filter(pk=user.agency_id).values("ai_participations__use_case")
        visible |= Q(agency_id=user.agency_id) | Q(pk__in=joined)
    return visible


def agency_ids(use_case) -> set[int]:
    return {use_case.agency_id} | {p.agency_id for p in use_case.participants.all()}


def is_own_agency(user, use_case) -> bool:
    """The user belongs to one of the use case's agencies (owner or joined)."""
    return user.agency_id is not None and user.agency_id in agency_ids(use_case)


def can_view(user, use_case) -> bool:
    if sees_all(user) or use_case.state in APPROVED_STATES:
        return getattr(user, "is_authenticated", False)
    return getattr(user, "is_authenticated", False) and is_own_agency(user, use_case)


def can_register(user) -> bool:
    return acts_for_agency(user)


def is_owner(user, use_case) -> bool:
    return acts_for_agency(user) and user.agency_id == use_case.agency_id


def can_edit(user, use_case) -> bool:
    """The owning agency edits the intake and the assessment while it is theirs to change."""
    return is_owner(user, use_case) and use_case.state in (State.DRAFT, State.CHANGES_REQUESTED)


def can_see_internal(user, use_case) -> bool:
    """Internal notes and the contact's email: the use case's agencies and the reviewers."""
    return sees_all(user) or is_own_agency(user, use_case)


def can_join(user, use_case) -> bool:
    """Another agency joins a use case it can see, or one its owner opened to partners."""
    if not acts_for_agency(user) or user.agency_id in agency_ids(use_case):
        return False
    if use_case.state == State.NOT_APPROVED:
        return False
    return use_case.open_to_partners or can_view(user, use_case)


def can_review(user, use_case=None) -> bool:
    return is_ai_reviewer(user)
