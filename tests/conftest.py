import pytest

from tests import factories


@pytest.fixture
def agency(db):
    return factories.AgencyFactory(code="DSS", name="Department of Social Services")


@pytest.fixture
def other_agency(db):
    return factories.AgencyFactory(code="DOL", name="Department of Labor")


@pytest.fixture
def leader(agency):
    return factories.leader(agency=agency)


@pytest.fixture
def officer(agency):
    return factories.data_officer(agency=agency)


@pytest.fixture
def reviewer(db):
    return factories.reviewer(agency=factories.AgencyFactory(code="OPM"))


@pytest.fixture
def curator(db):
    return factories.curator(agency=factories.AgencyFactory(code="OPM"))


@pytest.fixture
def leader_client(client, leader):
    client.force_login(leader)
    return client


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client
