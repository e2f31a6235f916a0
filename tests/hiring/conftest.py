import io

import pytest
from django.core.management import call_command

from assessments.models import Survey
from assessments.services import copy_survey
from tests import factories
from tests.assessments.factories import add_response


@pytest.fixture
def baseline_2024(db):
    """The 2024 questionnaire with its published figures (recruit 39% agree, retain 37%)."""
    call_command("load_survey", "assessments/data/survey_2024.yaml", stdout=io.StringIO())
    call_command("load_baseline", stdout=io.StringIO())
    return Survey.objects.get(key="leadership-2024")


@pytest.fixture
def current_cycle(baseline_2024):
    return copy_survey(baseline_2024, key="leadership-2026", cycle="2026")


def answer_recruiting(survey, agencies, role, recruit, retain="agree", turnover="very_likely"):
    """One submitted response per agency, in `role`, on the recruiting items."""
    for agency in agencies:
        add_response(
            survey,
            agency,
            {
                "challenges.recruit": recruit,
                "challenges.retain": retain,
                "impacts.turnover": turnover,
            },
            role=role,
        )


@pytest.fixture
def five_agencies(db):
    return [factories.AgencyFactory(code=code) for code in ("DSS", "DOL", "DPH", "DOT", "DCF")]
