"""Raw responses in the admin follow the app's rules: curators see every agency's, other
staff only their own agency's (read-only), whatever model permissions they were given."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from assessments.models import Response
from tests import factories
from tests.assessments.factories import add_response

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(agencies):
    """Staff of DOL (for another app) given every assessments permission, but not curator."""
    user = factories.data_officer(agency=agencies["DOL"], is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="assessments"))
    return user


@pytest.fixture
def responses(survey, agencies):
    return {
        "DSS": add_response(survey, agencies["DSS"], {"success": "DSS secret story"}, ref="dss-1"),
        "DOL": add_response(survey, agencies["DOL"], {"success": "DOL own story"}, ref="dol-1"),
    }


def listed(client):
    page = client.get(reverse("admin:assessments_response_changelist"))
    assert page.status_code == 200
    return {r.external_ref for r in page.context["cl"].result_list}


def test_staff_of_another_agency_cannot_list_or_open_a_response(client, staff, responses):
    client.force_login(staff)
    assert listed(client) == {"dol-1"}
    search = client.get(reverse("admin:assessments_response_changelist"), {"q": "dss"})
    assert b"dss-1" not in search.content
    other = responses["DSS"]
    page = client.get(reverse("admin:assessments_response_change", args=[other.pk]), follow=True)
    assert page.redirect_chain[-1][0] == reverse("admin:index")  # "does not exist"
    assert b"DSS secret story" not in page.content
    page = client.get(reverse("admin:assessments_response_delete", args=[other.pk]))
    assert page.status_code == 403
    assert b"dss-1" not in page.content
    page = client.get(reverse("admin:assessments_response_change", args=[responses["DOL"].pk]))
    assert page.status_code == 200
    assert b"DOL own story" in page.content


def test_staff_cannot_change_delete_or_reopen_even_their_own_agencys_response(
    client, staff, responses
):
    client.force_login(staff)
    own = responses["DOL"]
    changed = client.post(
        reverse("admin:assessments_response_change", args=[own.pk]),
        {"survey": own.survey_id, "agency": own.agency_id, "role": "other", "status": "draft"},
    )
    assert changed.status_code == 403
    deleted = client.post(
        reverse("admin:assessments_response_delete", args=[own.pk]), {"post": "yes"}
    )
    assert deleted.status_code == 403
    client.post(
        reverse("admin:assessments_response_changelist"),
        {"action": "reopen", "_selected_action": [r.pk for r in responses.values()]},
    )
    assert set(Response.objects.values_list("status", flat=True)) == {"submitted"}
    assert Response.objects.get(pk=own.pk).role == "leadership"


def test_a_curator_who_is_not_superuser_manages_every_response(client, agencies, responses):
    curator = factories.curator(agency=agencies["DOT"], is_staff=True)
    assert not curator.is_superuser
    client.force_login(curator)
    assert listed(client) == {"dss-1", "dol-1"}
    page = client.get(reverse("admin:assessments_response_change", args=[responses["DSS"].pk]))
    assert page.status_code == 200 and b"DSS secret story" in page.content
    client.post(
        reverse("admin:assessments_response_changelist"),
        {"action": "reopen", "_selected_action": [responses["DSS"].pk]},
    )
    assert Response.objects.get(pk=responses["DSS"].pk).status == "draft"
