import pytest

from tests import factories
from tests.inventory.factories import DatasetFactory


@pytest.fixture
def dol_officer(dol):
    return factories.data_officer(agency=dol)


@pytest.fixture
def dss_officer(dss):
    return factories.data_officer(agency=dss)


@pytest.fixture
def sde_officer(sde):
    """An officer of an agency unrelated to the datasets and agreements in these tests."""
    return factories.data_officer(agency=sde)


@pytest.fixture
def restricted(dol):
    return DatasetFactory(
        agency=dol,
        identifier="UI-WAGE",
        title="Unemployment wage records",
        description="Zebracorn secret wage detail by employer.",
        classification="restricted",
        system="SecretSystemX",
        categories=["ui_wage_records"],
        keywords=["wages", "zebracorn"],
    )
