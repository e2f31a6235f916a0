"""Demo data for `make run` (idempotent) and the scale seeder for benchmarks."""

import io

import pytest
from django.core.management import call_command

from hub.scale import SEEDERS
from sharing.models import SharingRequest, State, TransitionLog

pytestmark = pytest.mark.django_db


def test_demo_requests_idempotent(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the executed demo's signed agreement is a file
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_sharing_demo", stdout=io.StringIO())
    first = SharingRequest.objects.count()
    assert first == 5
    states = set(SharingRequest.objects.values_list("state", flat=True))
    assert {State.DRAFT, State.SUBMITTED, State.CHANGES_REQUESTED, State.EXECUTED} <= states
    out = io.StringIO()
    call_command("seed_sharing_demo", stdout=out)
    assert "already present" in out.getvalue()
    assert SharingRequest.objects.count() == first


def test_scale_seeder_registered_and_seeds_with_logs(sharing_reviewer):
    assert SEEDERS["requests"].function == "sharing.scale.seed_requests"
    call_command("seed_scale", requests=300, stdout=io.StringIO())
    assert SharingRequest.objects.count() == 300
    assert TransitionLog.objects.count() >= 300
    executed = SharingRequest.objects.filter(state=State.EXECUTED)
    assert executed.exists()
    assert not executed.filter(expiry_date__isnull=True).exists()
    # Every request's last log entry lands on its current state.
    for sr in SharingRequest.objects.prefetch_related("logs")[:50]:
        assert list(sr.logs.all())[-1].to_state == sr.state
