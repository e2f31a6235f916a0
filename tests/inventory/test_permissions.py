"""Who may see a dataset's details and who keeps the entries (inventory.permissions)."""

import pytest
from django.db import IntegrityError, transaction

from inventory import permissions
from inventory.models import Dataset
from tests import factories
from tests.inventory.factories import DatasetFactory, name_in
from tests.sharing.factories import SharingRequestFactory, executed


def test_identifier_is_unique_per_agency_in_the_database(dol, dss):
    DatasetFactory(agency=dol, identifier="X1")
    DatasetFactory(agency=dss, identifier="X1")  # another agency may reuse it
    with pytest.raises(IntegrityError), transaction.atomic():
        DatasetFactory(agency=dol, identifier="X1")


def test_high_value_needs_a_reason_in_the_database(dol):
    with pytest.raises(IntegrityError), transaction.atomic():
        DatasetFactory(agency=dol, high_value=True, high_value_reason="")


def test_owning_agency_and_curator_see_restricted_fields(restricted, dol_officer, curator):
    assert permissions.can_see_fields(dol_officer, restricted)
    assert permissions.can_see_fields(curator, restricted)


def test_unrelated_agency_does_not_see_restricted_fields(restricted, sde_officer):
    assert not permissions.can_see_fields(sde_officer, restricted)
    assert restricted not in Dataset.objects.fields_visible_to(sde_officer)


def test_party_to_executed_agreement_sees_fields(restricted, dol, dss, dss_officer):
    sr = executed(requesting_agency=dss, providing_agency=dol)
    name_in(restricted, sr)
    assert permissions.can_see_fields(dss_officer, restricted)
    assert restricted in Dataset.objects.fields_visible_to(dss_officer)


def test_party_to_a_request_not_executed_does_not_see_fields(restricted, dol, dss, dss_officer):
    sr = SharingRequestFactory(requesting_agency=dss, providing_agency=dol, state="approved")
    name_in(restricted, sr)
    assert not permissions.can_see_fields(dss_officer, restricted)


def test_executed_agreement_for_another_dataset_gives_nothing(restricted, dol, dss, dss_officer):
    other = DatasetFactory(agency=dol, classification="confidential")
    name_in(other, executed(requesting_agency=dss, providing_agency=dol))
    assert not permissions.can_see_fields(dss_officer, restricted)


def test_public_and_internal_fields_are_for_everyone(dol, sde_officer):
    for classification in ("public", "internal"):
        assert permissions.can_see_fields(
            sde_officer, DatasetFactory(agency=dol, classification=classification)
        )


def test_only_own_agency_officer_or_curator_edits(
    restricted, dol_officer, sde_officer, curator, dol
):
    leader = factories.leader(agency=dol)
    assert permissions.can_edit(dol_officer, restricted)
    assert permissions.can_edit(curator, restricted)
    assert not permissions.can_edit(sde_officer, restricted)
    assert not permissions.can_edit(leader, restricted)
