"""`seed_scale --requests N`: realistic sharing requests with their logs, for benchmarks."""

import datetime
import random

from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from accounts import roles
from accounts.models import Agency, User
from config import cache_versions
from sharing.models import DataCategory, SharingRequest, State, TransitionLog

# Paths through the lifecycle, with how often each appears.
PATHS = [
    ([State.DRAFT], 8),
    ([State.DRAFT, State.SUBMITTED], 10),
    ([State.DRAFT, State.SUBMITTED, State.IN_REVIEW], 8),
    ([State.DRAFT, State.SUBMITTED, State.CHANGES_REQUESTED], 6),
    ([State.DRAFT, State.SUBMITTED, State.IN_REVIEW, State.APPROVED], 6),
    ([State.DRAFT, State.SUBMITTED, State.IN_REVIEW, State.REJECTED], 5),
    ([State.DRAFT, State.WITHDRAWN], 4),
    ([State.DRAFT, State.SUBMITTED, State.APPROVED, State.EXECUTED], 35),
    ([State.DRAFT, State.SUBMITTED, State.APPROVED, State.EXECUTED, State.EXPIRED], 8),
    ([State.DRAFT, State.SUBMITTED, State.APPROVED, State.EXECUTED, State.TERMINATED], 5),
    (
        [
            State.DRAFT,
            State.SUBMITTED,
            State.APPROVED,
            State.EXECUTED,
            State.EXPIRED,
            State.CLOSED,
        ],
        5,
    ),
]
BATCH = 2000


def _seed_users(agencies):
    group = Group.objects.get(name=roles.DATA_OFFICERS)
    users = {}
    for agency in agencies:
        user, created = User.objects.get_or_create(
            email=f"scale-officer-{agency.code.lower()}@scale.ct.gov",
            defaults={"agency": agency, "first_name": "Scale", "last_name": agency.code},
        )
        if created:
            user.set_unusable_password()
            user.save()
            user.groups.add(group)
        users[agency.pk] = user
    return users


def seed_requests(count: int, stdout) -> None:
    rng = random.Random(5)  # nosec B311: deterministic benchmark data, not security
    agencies = list(Agency.objects.filter(active=True))
    categories = list(DataCategory.objects.all())
    users = _seed_users(agencies)
    reviewer = User.objects.filter(groups__name=roles.SHARING_REVIEWERS).first()
    paths, weights = zip(*PATHS, strict=True)
    today = timezone.localdate()
    now = timezone.now()
    Through = SharingRequest.categories.through
    made = 0
    while made < count:
        size = min(BATCH, count - made)
        with transaction.atomic():
            batch, batch_paths = [], []
            for i in range(size):
                requester, provider = rng.sample(agencies, 2)
                path = rng.choices(paths, weights)[0]
                state = path[-1]
                sr = SharingRequest(
                    title=f"Scale request {made + i + 1}: {provider.code} to {requester.code}",
                    requesting_agency=requester,
                    providing_agency=provider,
                    created_by=users[requester.pk],
                    purpose="Program evaluation under the state data plan.",
                    legal_authority="See the advisor.",
                    data_elements="person_id\nquarter\nwages",
                    frequency="quarterly",
                    storage_security="Encrypted state storage.",
                    retention_destruction="Destroyed after the term.",
                    term_months=24,
                    state=state,
                    version=len(path),
                )
                if State.SUBMITTED in path:
                    sr.submitted_at = now - datetime.timedelta(days=rng.randint(1, 400))
                if State.EXECUTED in path:
                    start = today - datetime.timedelta(days=rng.randint(30, 900))
                    sr.effective_date = start
                    sr.expiry_date = start + datetime.timedelta(days=rng.choice([365, 730, 1095]))
                    if state == State.EXECUTED and sr.expiry_date < today:
                        sr.expiry_date = today + datetime.timedelta(days=rng.randint(1, 700))
                    if state in (State.EXPIRED, State.CLOSED) and sr.expiry_date >= today:
                        sr.expiry_date = today - datetime.timedelta(days=rng.randint(1, 200))
                        sr.effective_date = sr.expiry_date - datetime.timedelta(days=365)
                batch.append(sr)
                batch_paths.append(path)
            SharingRequest.objects.bulk_create(batch)
            links, logs = [], []
            for sr, path in zip(batch, batch_paths, strict=True):
                for category in rng.sample(categories, rng.randint(1, 3)):
                    links.append(Through(sharingrequest_id=sr.pk, datacategory_id=category.pk))
                previous = State.DRAFT
                for step, state in enumerate(path):
                    actor = users[sr.requesting_agency_id]
                    if state not in (State.DRAFT, State.SUBMITTED, State.WITHDRAWN):
                        actor = reviewer or users[sr.providing_agency_id]
                    logs.append(
                        TransitionLog(
                            request=sr,
                            actor=actor,
                            action="create" if step == 0 else state,
                            from_state=previous,
                            to_state=state,
                            comment="Seeded." if step else "Draft started.",
                        )
                    )
                    previous = state
            Through.objects.bulk_create(links)
            TransitionLog.objects.bulk_create(logs)
        made += size
        stdout.write(f"  {made} requests")
    cache_versions.changed(cache_versions.SHARING)
    # Fresh statistics, or the planner guesses badly (a seq scan and a sort of every row);
    # VACUUM also marks the pages all-visible for the matrix's index-only scan. It cannot
    # run inside a transaction (the tests seed in one).
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for table in ("sharing_sharingrequest", "sharing_sharingrequest_categories"):
            cursor.execute(f"{command} {table}")
    stdout.write(f"Created {count} sharing requests.")
