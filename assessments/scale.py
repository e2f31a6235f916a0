"""`seed_scale --responses N`: N submitted responses to the 2024 questionnaire, in bulk.

They go to a copy of the questionnaire under its own key (SCALE_KEY), so a development
database keeps its demo results readable while the benchmark has its 10,000 responses.
"""

import random
import time
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Agency
from assessments.aggregation import results_changed
from assessments.demo import fake_answers, survey_structure
from assessments.loader import load_spec, read_file
from assessments.models import Answer, Response, Survey

SURVEY_FILE = Path(__file__).resolve().parent / "data" / "survey_2024.yaml"
BATCH = 1000
SCALE_KEY = "leadership-2024-scale"


def survey_2024(key: str = SCALE_KEY) -> Survey:
    spec = read_file(SURVEY_FILE)
    if key != spec["key"]:
        spec["key"], spec["title"] = key, spec["title"] + " (scale test data)"
    return load_spec(spec).survey


def seed_responses(count: int, stdout, seed: int = 2024, key: str = SCALE_KEY) -> Survey:
    started = time.monotonic()
    survey = survey_2024(key)
    structure = survey_structure(survey)
    agencies = list(Agency.objects.filter(active=True).order_by("code"))
    rng = random.Random(seed + Response.objects.filter(survey=survey).count())  # nosec B311
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
    with transaction.atomic():  # once for the whole seeding: a refresh counts every answer
        results_changed()
    # Fresh statistics, or the planner guesses badly; VACUUM also marks the pages
    # all-visible, so the results' index-only scan skips the table (not in a test's
    # transaction, where VACUUM cannot run).
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        cursor.execute(f"{command} assessments_response")
        cursor.execute(f"{command} assessments_answer")
    stdout.write(f"Created {count} responses in {time.monotonic() - started:.1f} s.")
    return survey
