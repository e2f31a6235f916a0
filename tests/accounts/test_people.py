"""Agencies, roles and the user model."""

import csv
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError

from accounts import roles
from accounts.models import Agency, User
from tests import factories

AGENCIES_CSV = Path(__file__).resolve().parents[2] / "hub" / "data" / "ct_agencies.csv"


@pytest.mark.django_db
def test_migration_loads_every_connecticut_agency():
    with open(AGENCIES_CSV, encoding="utf-8") as handle:
        expected = {row["code"]: row["name"] for row in csv.DictReader(handle)}
    assert len(expected) >= 20
    loaded = dict(Agency.objects.values_list("code", "name"))
    assert loaded == expected
    assert Agency.objects.get(code="OPM").name == "Office of Policy and Management"


@pytest.mark.django_db
def test_migration_creates_the_four_role_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_ROLES)
    curators = Group.objects.get(name=roles.HUB_CURATORS)
    assert curators.permissions.filter(codename="change_agency").exists()


@pytest.mark.django_db
def test_agency_codes_are_unique_in_the_database():
    Agency.objects.create(code="XYZ", name="X agency")
    with pytest.raises(IntegrityError):
        Agency.objects.create(code="XYZ", name="Another")


@pytest.mark.django_db
def test_user_emails_are_unique_whatever_their_case():
    factories.UserFactory(email="ann@ct.gov")
    with pytest.raises(IntegrityError):
        User.objects.create(email="ANN@ct.gov")


@pytest.mark.django_db
def test_create_user_signs_in_by_email_and_lowercases_it():
    user = User.objects.create_user("Bob@CT.gov", password="a-long-password-1")
    assert user.email == "bob@ct.gov"
    assert User.objects.get_by_natural_key("BOB@ct.gov") == user
    assert user.check_password("a-long-password-1")


@pytest.mark.django_db
def test_role_label_names_the_users_groups(officer):
    assert officer.role_label == "Data officer"
    assert factories.UserFactory(is_superuser=True).role_label == "Administrator"


@pytest.mark.parametrize(
    ("given", "group"),
    [
        ("Data officers", roles.DATA_OFFICERS),
        ("data officer", roles.DATA_OFFICERS),
        ("agency_leader", roles.AGENCY_LEADERS),
        ("Hub-Curator", roles.HUB_CURATORS),
        ("janitor", None),
    ],
)
def test_group_for_accepts_names_labels_and_keys(given, group):
    assert roles.group_for(given) == group


@pytest.mark.django_db
def test_every_executive_agency_is_loaded_and_a_curators_edit_survives_the_migration():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("accounts.migrations.0003_every_executive_agency")
    assert Agency.objects.count() == 48
    assert {"DMV", "DESPP", "DDS"} <= set(Agency.objects.values_list("code", flat=True))
    # A database migrated before: a curator renamed one new agency and retired another.
    Agency.objects.filter(code="DMV").update(name="DMV (renamed by a curator)")
    Agency.objects.filter(code="OTT").update(active=False)
    Agency.objects.filter(code="DDS").delete()
    migration.add_agencies(apps, None)
    migration.add_agencies(apps, None)  # twice: nothing more changes
    assert Agency.objects.count() == 48
    assert Agency.objects.get(code="DMV").name == "DMV (renamed by a curator)"
    assert Agency.objects.get(code="OTT").active is False
    assert Agency.objects.get(code="DDS").name == "Department of Developmental Services"
