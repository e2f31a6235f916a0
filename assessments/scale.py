"""`seed_scale --responses N`: N submitted responses to the 2024 questionnaire, in bulk."""

import random
import time
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from assessments.demo import fake_answers, survey_structure
from assessments.loader import load_spec, read_file
from assessments.models import Answer, Response, Survey
from hub.models import Agency

SURVEY_FILE = Path(__file__).resolve().parent / "data" / "survey_2024.yaml"
BATCH = 1000


def survey_2024() -> Survey:
    return load_spec(read_file(SURVEY_FILE)).survey


def seed_responses(count: int, stdout, seed: int = 2024) -> Survey:
    started = time.monotonic()
    survey = survey_2024()
    structure = survey_structure(survey)
    agencies = list(Agency.objects.filter(active=True).order_by("code"))
    rng = random.Random(seed + Response.objects.filter(survey=survey).count())
    first = Response.objects.filter(survey=survey, external_ref__startswith="scale-").count()
    now = timezone.now()
    for start in range(0, count, BATCH):
        with transaction.atomic():
            responses = Response.objects.bulk_create(
                Response(
                    survey=survey,
                    external_ref=f"scale-{first + n:07d}",
                    agency=rng.choice(agencies),
                    role=Response.Role.LEADERSHIP
                    if rng.random() < 0.9
                    else Response.Role.DATA_OFFICER,
                    status=Response.Status.SUBMITTED,
                    submitted_at=now,
                )
                for n in range(start, min(start + BATCH, count))
            )
            Answer.objects.bulk_create(
                (
                    Answer(response=r, question_id=q, item_id=i, option_id=o, rank=k, text=t)
                    for r in responses
                    for q, i, o, k, t in fake_answers(structure, rng, text_share=0.05)
                ),
                batch_size=5000,
            )
        stdout.write(f"  {min(start + BATCH, count)} / {count}")
    stdout.write(f"Created {count} responses in {time.monotonic() - started:.1f} s.")
    return survey
