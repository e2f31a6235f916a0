"""The audit log of security events: what is recorded, and that only superusers read it."""

import pytest
from django.contrib.auth.models import Group
from django.db import ProgrammingError, transaction

from accounts import roles
from accounts.models import SecurityEvent
from tests import factories
from tests.factories import PASSWORD

Kind = SecurityEvent.Kind


def sign_in(client, email, password=PASSWORD):
    return client.post(
        "/accounts/login/", {"username": email, "password": password}, REMOTE_ADDR="198.51.100.7"
    )


@pytest.mark.django_db
def test_sign_in_and_failed_sign_in_are_recorded_with_the_client_address(client, leader):
    sign_in(client, leader.email.upper(), "wrong-password")
    sign_in(client, "nobody@ct.gov", "wrong-password")
    sign_in(client, leader.email)
    events = SecurityEvent.objects.exclude(kind=Kind.ROLES_CHANGED).order_by("id")
    failed, unknown, signed_in = events
    assert (failed.kind, failed.user, failed.email) == (Kind.SIGN_IN_FAILED, leader, leader.email)
    assert failed.client_address == "198.51.100.7"
    assert (unknown.kind, unknown.user, unknown.email) == (
        Kind.SIGN_IN_FAILED,
        None,
        "nobody@ct.gov",
    )
    assert (signed_in.kind, signed_in.user) == (Kind.SIGNED_IN, leader)
    assert signed_in.details == {"method": "password"}


@pytest.mark.django_db
def test_a_lockout_is_recorded(client, leader):
    for _ in range(5):
        sign_in(client, leader.email, "wrong-password")
    lockout = SecurityEvent.objects.get(kind=Kind.LOCKED_OUT)
    assert lockout.user == leader and lockout.client_address == "198.51.100.7"


@pytest.mark.django_db
def test_role_changes_are_recorded_from_either_side(leader):
    before = SecurityEvent.objects.latest("id").id  # the factory's own role
    curators = Group.objects.get(name=roles.HUB_CURATORS)
    leader.groups.add(curators)
    curators.user_set.remove(leader)
    leader.groups.clear()
    changes = SecurityEvent.objects.filter(kind=Kind.ROLES_CHANGED, id__gt=before)
    added, removed, cleared = changes.order_by("id")
    assert added.user == leader and added.details == {"added": [roles.HUB_CURATORS]}
    assert removed.details == {"removed": [roles.HUB_CURATORS]}
    assert cleared.details == {"removed": [roles.AGENCY_LEADERS]}


@pytest.mark.django_db
def test_role_change_in_the_admin_is_recorded(client, leader):
    superuser = factories.UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    officers = Group.objects.get(name=roles.DATA_OFFICERS)
    page = client.get(f"/admin/accounts/user/{leader.pk}/change/")
    form = page.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in {"groups", "user_permissions", "password"}
    }
    data.update(
        {
            "groups": [officers.pk],
            "agency": leader.agency_id,
            "date_joined_0": leader.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": leader.date_joined.strftime("%H:%M:%S"),
            "last_login_0": "",
            "last_login_1": "",
        }
    )
    data.pop("date_joined", None)
    data.pop("last_login", None)
    response = client.post(f"/admin/accounts/user/{leader.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    changes = SecurityEvent.objects.filter(kind=Kind.ROLES_CHANGED, user=leader).order_by("id")
    assert [e.details for e in changes][-2:] == [
        {"removed": [roles.AGENCY_LEADERS], "by": superuser.email},
        {"added": [roles.DATA_OFFICERS], "by": superuser.email},
    ]
    assert changes.last().client_address == "127.0.0.1"


@pytest.mark.django_db
def test_only_superusers_read_the_audit_log_and_nobody_changes_it(client, curator, leader):
    sign_in(client, leader.email, "wrong-password")
    event = SecurityEvent.objects.get(kind=Kind.SIGN_IN_FAILED)
    client.force_login(curator)  # staff, verified, not a superuser
    assert client.get("/admin/accounts/securityevent/").status_code == 403
    assert client.get(f"/admin/accounts/securityevent/{event.pk}/change/").status_code == 403
    assert "securityevent" not in client.get("/admin/").text

    superuser = factories.UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    listing = client.get("/admin/accounts/securityevent/?kind__exact=sign_in_failed")
    assert listing.status_code == 200 and leader.email in listing.text
    assert client.get("/admin/accounts/securityevent/add/").status_code == 403
    detail = client.get(f"/admin/accounts/securityevent/{event.pk}/change/")
    assert detail.status_code == 200 and 'name="_save"' not in detail.text
    deleted = client.post(f"/admin/accounts/securityevent/{event.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 403
    assert SecurityEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_a_recorded_event_is_never_changed(client, leader):
    sign_in(client, leader.email, "wrong-password")
    event = SecurityEvent.objects.get(kind=Kind.SIGN_IN_FAILED)
    event.email = "someone-else@ct.gov"
    with pytest.raises(ValueError, match="never changed"):
        event.save()


@pytest.mark.django_db
def test_the_database_refuses_to_change_or_delete_an_event_but_a_user_can_go(client, leader):
    sign_in(client, leader.email, "wrong-password")
    events = SecurityEvent.objects.filter(kind=Kind.SIGN_IN_FAILED)
    with pytest.raises(ProgrammingError, match="pgtrigger"), transaction.atomic():
        events.update(email="someone-else@ct.gov")
    with pytest.raises(ProgrammingError, match="pgtrigger"), transaction.atomic():
        events.delete()
    leader.delete()
    event = events.get()
    assert event.user is None and event.email == leader.email
