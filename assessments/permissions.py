"""Who may do what in the needs assessment; views, querysets and tests call these.

Dependencies point one way: this module reads the models, the models never read it (the
response queryset takes `is_curator` from the hub, where curators are defined).
"""

from accounts import roles
from accounts.roles import is_curator
from assessments.models import Response

__all__ = [
    "can_compare_agency",
    "can_respond",
    "can_view_response",
    "is_curator",
    "respondent_role",
]

RESPONDING_ROLES = (roles.AGENCY_LEADERS, roles.DATA_OFFICERS)


def can_respond(user) -> bool:
    """Agency leaders answer for their agency; data officers may answer too (as in 2024)."""
    return (
        user.is_authenticated
        and user.agency_id is not None
        and any(user.has_role(name) for name in RESPONDING_ROLES)
    )


def respondent_role(user) -> str:
    """The response's role, from the user's groups (leadership wins over data officer)."""
    if user.has_role(roles.AGENCY_LEADERS):
        return Response.Role.LEADERSHIP
    if user.has_role(roles.DATA_OFFICERS):
        return Response.Role.DATA_OFFICER
    return Response.Role.OTHER


def can_view_response(user, response) -> bool:
    return is_curator(user) or (
        user.is_authenticated
        and user.agency_id is not None
        and user.agency_id == response.agency_id
    )


def can_compare_agency(user) -> bool:
    """ "My agency and the state": the user's own agency only, for its leaders and officers."""
    return can_respond(user)
