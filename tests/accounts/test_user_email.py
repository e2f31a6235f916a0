"""A user's email is stored trimmed and lower-case, and every way in finds it that way."""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import IntegrityError, connection

from accounts.models import User
from tests import factories

BEFORE = ("hub", "0012_title_search_index")
AFTER = ("hub", "0013_user_email_normalized")
ROOT = Path(__file__).resolve().parents[2]


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


# The migration is run forward on a scratch database, as it ran on every real one: migrated
# to BEFORE, filled, then migrated to AFTER, by a subprocess. (Migrating the test database
# back past the move of people to accounts runs Django's backward state rendering, which
# trips over models re-rendered in place by other apps' migrations.)
SCRIPT = """
import json, sys, django
django.setup()
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
before, after, emails = json.loads(sys.argv[1])
executor = MigrationExecutor(connection)
executor.migrate([tuple(before)])
old_user = executor.loader.project_state([tuple(before)]).apps.get_model("hub", "User")
for email in emails:
    old_user.objects.create(email=email, password="!")
try:
    MigrationExecutor(connection).migrate([tuple(after)])
except RuntimeError as error:
    print(json.dumps({"refused": str(error)}))
else:
    print(json.dumps({"emails": sorted(old_user.objects.values_list("email", flat=True))}))
"""


def migrate_scratch_database(emails: list[str]) -> dict:
    """Migrate a new database to BEFORE, insert users with these emails, migrate to AFTER."""
    settings = connection.settings_dict
    scratch = f"{settings['NAME']}_email"[:60]
    host, port = settings["HOST"] or "", settings["PORT"] or "5432"
    server = dict(host=host, port=port, user=settings["USER"], password=settings["PASSWORD"] or "")
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        admin.execute(f'CREATE DATABASE "{scratch}"')
    if host.startswith("/"):  # the embedded server's socket folder
        url = f"postgresql://{server['user']}:@/{scratch}?host={host}&port={port}"
    else:
        url = f"postgresql://{server['user']}:{server['password']}@{host}:{port}/{scratch}"
    try:
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-c", SCRIPT, json.dumps([BEFORE, AFTER, emails])],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "1"},
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_migration_trims_and_lowercases_existing_emails():
    found = migrate_scratch_database(
        ["Officer.OEC@Demo.CT.gov", " leader@demo.ct.gov ", "plain@ct.gov"]
    )
    assert found == {"emails": ["leader@demo.ct.gov", "officer.oec@demo.ct.gov", "plain@ct.gov"]}


def test_migration_stops_on_emails_that_differ_only_by_case_or_spaces():
    found = migrate_scratch_database(["Ann@ct.gov", " ann@ct.gov"])
    assert "ann@ct.gov" in found["refused"]
    assert "merge or rename" in found["refused"].lower()
