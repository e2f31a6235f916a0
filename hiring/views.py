"""The Hiring page: pick a role, then its classification, posting, interview kit, programs."""

from django.http import Http404
from django.shortcuts import render

from hiring import selectors
from hiring.models import SAMPLE_NOTICE, Role
from hiring.permissions import can_curate


def _roles():
    return [{"key": key, "label": label} for key, label in Role.choices]


def index(request):
    return render(
        request,
        "hiring/index.html",
        {
            "roles": _roles(),
            "figures": selectors.workforce_figures(),
            "resources": selectors.hiring_resources(),
            "can_curate": can_curate(request.user),
        },
    )


def role_guide(request, role):
    if role not in Role.values:
        raise Http404("No such role.")
    return render(
        request,
        "hiring/role.html",
        {
            "role": {"key": role, "label": Role(role).label},
            "roles": _roles(),
            "guide": selectors.role_guide(role),
            "sample_notice": SAMPLE_NOTICE,
            "can_curate": can_curate(request.user),
        },
    )
