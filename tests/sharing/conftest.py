import pytest

from tests import factories
from tests.sharing.factories import SharingRequestFactory


@pytest.fixture
def requester(dol):
    return factories.data_officer(agency=dol)


@pytest.fixture
def provider(sde):
    return factories.data_officer(agency=sde)


@pytest.fixture
def outsider(dcf):
    """A data officer of an agency that is party to nothing here."""
    return factories.data_officer(agency=dcf)


@pytest.fixture
def sharing_reviewer(db):
    return factories.reviewer(agency=factories.AgencyFactory(code="OPM"))


@pytest.fixture
def sharing_curator(db):
    return factories.curator(agency=factories.AgencyFactory(code="OPM"))


@pytest.fixture
def draft(requester, sde):
    return SharingRequestFactory(
        requesting_agency=requester.agency, providing_agency=sde, created_by=requester
    )


def ensure_guidance_library():
    """Reload the migration-shipped guidance if a transactional (browser) test flushed it."""
    from django.apps import apps

    from sharing.guidance_loader import load_guidance
    from sharing.models import DataCategory

    if not DataCategory.objects.exists():
        load_guidance(lambda name: apps.get_model("sharing", name))


@pytest.fixture(autouse=True)
def guidance_library(db):
    ensure_guidance_library()
