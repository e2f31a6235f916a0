import pytest

from tests import factories
from tests.assessments.factories import hand_computed_dataset, mini_survey


@pytest.fixture
def agencies(db):
    return {
        code: factories.AgencyFactory(code=code, name=f"Agency {code}")
        for code in ("DSS", "DOL", "DPH", "DOT")
    }


@pytest.fixture
def survey(db):
    return mini_survey()


@pytest.fixture
def dataset(survey, agencies):
    return hand_computed_dataset(survey, agencies)
