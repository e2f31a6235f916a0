import pytest

from tests import factories
from tests.ai_registry.factories import ai_reviewer


@pytest.fixture
def owner(dol):
    return factories.data_officer(agency=dol)


@pytest.fixture
def partner(dss):
    return factories.data_officer(agency=dss)


@pytest.fixture
def outsider(dcf):
    """A data officer of an agency that is part of nothing here."""
    return factories.data_officer(agency=dcf)


@pytest.fixture
def ai_rev(db):
    return ai_reviewer(agency=factories.AgencyFactory(code="OPM"))
