"""A user's email is stored trimmed and lower-case, and every way in finds it that way."""

import pytest
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import User
from tests import factories

BEFORE = ("hub", "0012_title_search_index")
AFTER = ("hub", "0013_user_email_normalized")


@pytest.mark.django_db
def test_saving_a_user_stores_the_email_trimmed_and_lower_case(agency):
    user = User(email="  Ann.Lee@DSS.CT.gov ", agency=agency)
    user.save()
    assert User.objects.get(pk=user.pk).email == "ann.lee@dss.ct.gov"


@pytest.mark.django_db
def test_the_database_refuses_an_email_not_normalised(agency):
    user = factories.UserFactory(email="ann@ct.gov", agency=agency)
    with pytest.raises(IntegrityError):
        User.objects.filter(pk=user.pk).update(email="Ann@ct.gov")


@pytest.mark.django_db
def test_admin_stores_a_new_users_email_lower_case_and_refuses_a_case_twin(client, agency):
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    form = {
        "email": " New.Person@CT.gov ",
        "first_name": "New",
        "last_name": "Person",
        "agency": agency.pk,
        "password1": "a-long-enough-passphrase-7",
        "password2": "a-long-enough-passphrase-7",
        "usable_password": "true",
    }
    assert client.post("/admin/accounts/user/add/", form).status_code == 302
    assert User.objects.filter(email="new.person@ct.gov").exists()
    twin = client.post("/admin/accounts/user/add/", {**form, "email": "NEW.PERSON@ct.gov"})
    assert twin.status_code == 200
    assert "already exists" in twin.text
    assert User.objects.filter(email__iexact="new.person@ct.gov").count() == 1


@pytest.mark.django_db
def test_sso_matches_the_claim_whatever_its_case(leader):
    from accounts.oidc import StateOIDCBackend

    backend = StateOIDCBackend.__new__(StateOIDCBackend)  # no provider settings needed here
    backend.UserModel = User
    found = backend.filter_users_by_claims({"email": f"  {leader.email.upper()} "})
    assert list(found) == [leader]


def migrate(target):
    with connection.cursor() as cursor:  # no deferred checks pending while tables change
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


def insert_users(apps, emails):
    old_user = apps.get_model("hub", "User")
    for email in emails:
        old_user.objects.create(email=email, password="!")
    # Fire the deferred foreign-key checks now, so that the migration can alter the table.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.mark.django_db
def test_migration_trims_and_lowercases_existing_emails():
    old_apps = migrate(BEFORE)
    insert_users(old_apps, ["Officer.OEC@Demo.CT.gov", " leader@demo.ct.gov ", "plain@ct.gov"])
    new_apps = migrate(AFTER)
    # Read through the migration's own state: at hub 0013 the table still has hub's name.
    emails = new_apps.get_model("hub", "User").objects.values_list("email", flat=True)
    assert sorted(emails) == [
        "leader@demo.ct.gov",
        "officer.oec@demo.ct.gov",
        "plain@ct.gov",
    ]


@pytest.mark.django_db
def test_migration_stops_on_emails_that_differ_only_by_case_or_spaces():
    old_apps = migrate(BEFORE)
    insert_users(old_apps, ["Ann@ct.gov", " ann@ct.gov"])
    with pytest.raises(RuntimeError, match="ann@ct.gov") as failure:
        migrate(AFTER)
    assert "merge or rename" in str(failure.value).lower()
