"""Who may do what with the hiring toolkit, in one place for views and tests.

Every signed-in user reads the toolkit: it is statewide guidance, with no agency's own data
(its figures are the needs assessment's statewide results, suppressed as there). Hub curators
edit it in the admin, through the permissions migration 0002 gives their group.
"""

from accounts.roles import is_curator


def can_curate(user) -> bool:
    return is_curator(user) and user.is_staff
