"""Who may see and do what in the inventory: the one place views, querysets and tests ask.

Every signed-in user sees the catalog line of every entry (title, agency, classification,
contacts). The details of a confidential or restricted dataset are for its own agency,
curators, and agencies party to an EXECUTED sharing agreement naming the dataset. Data
officers keep their own agency's entries; curators keep all.
"""

from django.db.models import Q

from accounts.roles import is_curator, is_data_officer
from sharing.models import SharingRequest
from sharing.states import State

PROTECTED = ["confidential", "restricted"]


def can_manage_agency(user, agency_id) -> bool:
    return is_curator(user) or (is_data_officer(user) and user.agency_id == agency_id)


def can_create(user) -> bool:
    return is_curator(user) or is_data_officer(user)


def can_edit(user, dataset) -> bool:
    """Edit, retire, mark reviewed."""
    return can_manage_agency(user, dataset.agency_id)


def can_see_completeness(user) -> bool:
    return is_curator(user)


def _executed_dataset_ids(agency_id):
    """The datasets named by an executed agreement the agency is party to (read from the
    agreements' side of the link, `SharingRequest.datasets`)."""
    return SharingRequest.objects.filter(
        Q(requesting_agency_id=agency_id) | Q(providing_agency_id=agency_id),
        state=State.EXECUTED,
        datasets__isnull=False,
    ).values("datasets")


def fields_visible_filter(user) -> Q:
    """A Q for Dataset rows whose details the user may read (`fields_visible_to(user)`)."""
    if is_curator(user):
        return Q()
    open_rows = ~Q(classification__in=PROTECTED)
    if not getattr(user, "is_authenticated", False) or user.agency_id is None:
        return open_rows
    return open_rows | Q(agency_id=user.agency_id) | Q(pk__in=_executed_dataset_ids(user.agency_id))


def can_see_fields(user, dataset) -> bool:
    if dataset.classification not in PROTECTED or is_curator(user):
        return True
    agency_id = getattr(user, "agency_id", None)
    if agency_id is None:
        return False
    if dataset.agency_id == agency_id:
        return True
    return _executed_dataset_ids(agency_id).filter(datasets=dataset.pk).exists()


def can_pick_for_request(user, sharing_request) -> bool:
    """Choosing datasets is editing the request's intake (sharing's own rule)."""
    from sharing.permissions import can_edit as can_edit_request

    return can_edit_request(user, sharing_request)
