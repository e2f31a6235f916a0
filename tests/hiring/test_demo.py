"""The demo samples: one of each kind, each marked as a sample, loaded by seed_hiring_demo
only (production starts without them: no migration nor bootstrap loads them)."""

import io

import pytest
from django.core.management import call_command
from taggit.models import Tag

from hiring.models import (
    CompetingGuidance,
    InterviewKit,
    JobClassification,
    JobPosting,
    PartnerSchool,
    Program,
    Role,
)
from hiring.topics import HIRING_TOPIC
from hub.catalog_models import Resource

pytestmark = pytest.mark.django_db

CURATED = [JobClassification, JobPosting, InterviewKit, Program, PartnerSchool, CompetingGuidance]


def test_migrations_ship_the_topic_but_no_content():
    assert Tag.objects.filter(name=HIRING_TOPIC).exists()
    assert all(not model.objects.exists() for model in CURATED)


def test_bootstrap_loads_no_samples():
    call_command("bootstrap", stdout=io.StringIO())
    assert all(not model.objects.exists() for model in CURATED)


def test_seed_hiring_demo_loads_one_marked_sample_of_each_once(leader_client):
    out = io.StringIO()
    call_command("seed_hiring_demo", stdout=out)
    assert "Loaded" in out.getvalue()
    for model in CURATED:
        rows = list(model.objects.all())
        assert rows and all(row.is_sample for row in rows), model
    for model in (JobClassification, JobPosting, InterviewKit):
        assert set(model.objects.values_list("role", flat=True)) == set(Role.values)
    assert all(
        "curators must replace this with the state's official text" in c.typical_duties
        for c in JobClassification.objects.all()
    )
    assert Program.objects.filter(name__startswith="Governor's Fellows").exists()
    assert set(CompetingGuidance.objects.values_list("theme", flat=True)) >= {
        "flexible-work", "training", "mission",
    }  # fmt: skip
    counts = [model.objects.count() for model in CURATED]
    call_command("seed_hiring_demo", stdout=out)
    assert "already present" in out.getvalue()
    assert [model.objects.count() for model in CURATED] == counts

    resource = Resource.objects.get(tags__name=HIRING_TOPIC)
    assert resource.status == "published" and resource.title.startswith("Sample:")
    index = leader_client.get("/hiring/").content.decode()
    assert resource.title in index
    role = leader_client.get("/hiring/data-scientist/").content.decode()
    assert role.count("<strong>Sample:</strong> curators must replace") >= 6
