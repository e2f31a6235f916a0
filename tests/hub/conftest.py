import pytest

from tests import factories


@pytest.fixture
def other_agency_user(db):
    """A signed-in user of an agency unrelated to any resource in the tests."""
    return factories.data_officer(agency=factories.AgencyFactory(code="DEEP"))


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client
