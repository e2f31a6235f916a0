import pytest

from tests import factories
from tests.inventory.factories import DatasetFactory


@pytest.fixture
def dol(db):
    return factories.AgencyFactory(code="DOL", name="Department of Labor")


@pytest.fixture
def dss(db):
    return factories.AgencyFactory(code="DSS", name="Department of Social Services")


@pytest.fixture
def sde(db):
    return factories.AgencyFactory(code="SDE", name="State Department of Education")


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
