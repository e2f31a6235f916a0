import random

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Agency
from assessments.demo import fake_answers, survey_structure
from assessments.importing import write_responses
from assessments.models import AgencyGroup, Response, Survey
from assessments.services import copy_survey

DEMO_AGENCIES = [
    "ADS",
    "CETCS",
    "DAS",
    "DCF",
    "DCP",
    "DECD",
    "DEEP",
    "DMHAS",
    "DOC",
    "DOH",
    "DOL",
    "DOT",
    "DPH",
    "DRS",
    "OEC",
    "OHE",
    "OHS",
    "OPM",
    "OWS",
    "SDE",
    "DOL",
    "DPH",
]  # 22 responses like 2024; DSS is left for the demo leader to answer
DEMO_SURVEY = "leadership-2026"
DEMO_GROUPS = {
    "Health and human services": ["ADS", "DCF", "DMHAS", "DPH", "DSS", "OEC", "OHS"],
    "Economy, workforce and education": ["CETCS", "DECD", "DOL", "OHE", "OWS", "SDE"],
    "Infrastructure, regulation and operations": [
        "DAS",
        "DCP",
        "DEEP",
        "DOC",
        "DOH",
        "DOT",
        "DRS",
        "OPM",
    ],
}


class Command(BaseCommand):
    help = (
        "Demo: 22 submitted responses to a survey (default leadership-2026, copied from the "
        "2024 questionnaire when missing: 2024 is the published baseline) and three agency "
        "groups (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("survey_key", nargs="?", default=DEMO_SURVEY)

    @transaction.atomic
    def handle(self, *args, **options):
        survey = Survey.objects.filter(key=options["survey_key"]).first()
        if survey is None and options["survey_key"] == DEMO_SURVEY:
            source = Survey.objects.filter(key="leadership-2024").first()
            if source is not None:
                survey = copy_survey(source, key=DEMO_SURVEY, cycle="2026")
        if survey is None:
            self.stdout.write(f"No survey {options['survey_key']}: run load_survey first.")
            return
        agencies = {a.code: a for a in Agency.objects.all()}
        for name, codes in DEMO_GROUPS.items():
            group, _ = AgencyGroup.objects.get_or_create(name=name)
            if not group.agencies.exists():
                group.agencies.set([agencies[c] for c in codes if c in agencies])
        rng = random.Random(2024)  # nosec B311: deterministic demo data, not security
        structure = survey_structure(survey)
        parsed = []
        for n, code in enumerate(DEMO_AGENCIES, start=1):
            role = Response.Role.DATA_OFFICER if n == 11 else Response.Role.LEADERSHIP
            parsed.append(
                (f"demo-{n:02d}", None, agencies[code], role, fake_answers(structure, rng))
            )
        result = write_responses(survey, parsed)
        self.stdout.write(
            f"Demo responses for {survey.key}: {result.created} created, "
            f"{result.updated} updated, {result.unchanged} unchanged."
        )
