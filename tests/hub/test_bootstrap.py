"""`manage.py bootstrap`: a new install gets the reference content once; a second run
changes nothing, and curators' changes survive it."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from assessments.models import Survey
from hub.catalog_models import Resource
from sharing.models import LegalFramework

pytestmark = pytest.mark.django_db
RESOURCES_CSV = Path(__file__).resolve().parents[2] / "hub" / "data" / "existing_resources.csv"


def bootstrap() -> str:
    out = io.StringIO()
    call_command("bootstrap", stdout=out)
    return out.getvalue()


def test_bootstrap_loads_once_and_keeps_what_curators_changed():
    frameworks = LegalFramework.objects.count()
    assert frameworks > 0  # the migrations load the guidance
    first = bootstrap()
    assert "Loaded the 2024 questionnaire." in first
    assert "Loaded the 2024 published baseline." in first
    assert "Loaded the report's existing resources." in first
    survey = Survey.objects.get(key="leadership-2024")
    assert survey.baseline
    with open(RESOURCES_CSV, encoding="utf-8") as handle:
        assert Resource.objects.count() == len(list(csv.DictReader(handle)))
    # Curators edit the hub in the admin.
    edited, removed = Resource.objects.order_by("pk")[:2]
    Resource.objects.filter(pk=edited.pk).update(title="Renamed by a curator")
    removed.delete()
    Survey.objects.filter(pk=survey.pk).update(title="Renamed survey")
    count = Resource.objects.count()

    second = bootstrap()
    assert "Loaded" not in second and second.count("Kept") == 4
    assert Resource.objects.count() == count
    assert Resource.objects.get(pk=edited.pk).title == "Renamed by a curator"
    assert not Resource.objects.filter(pk=removed.pk).exists()
    assert Survey.objects.get(pk=survey.pk).title == "Renamed survey"
    assert LegalFramework.objects.count() == frameworks
