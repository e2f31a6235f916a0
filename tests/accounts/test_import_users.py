"""`manage.py import_users`: onboarding from CSV, all-or-nothing."""

import pytest
from django.core.management import CommandError, call_command

from accounts import roles
from accounts.models import User

HEADER = "email,first_name,last_name,agency,group,password\n"


def write(tmp_path, body, header=HEADER):
    path = tmp_path / "users.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_import_creates_users_with_agency_and_group(tmp_path, capsys):
    path = write(
        tmp_path,
        "ann@ct.gov,Ann,Lee,DSS,Data officers,a-very-long-secret-9\n"
        "bo@ct.gov,Bo,Ray,opm,hub_curator,\n",
    )
    call_command("import_users", str(path))
    ann = User.objects.get(email="ann@ct.gov")
    assert ann.agency.code == "DSS"
    assert ann.has_role(roles.DATA_OFFICERS)
    assert ann.check_password("a-very-long-secret-9")
    bo = User.objects.get(email="bo@ct.gov")
    assert bo.is_staff and bo.has_role(roles.HUB_CURATORS)
    assert not bo.has_usable_password()
    assert "2 user(s) created, 0 updated" in capsys.readouterr().out


@pytest.mark.django_db
def test_reimport_updates_instead_of_duplicating(tmp_path):
    call_command("import_users", str(write(tmp_path, "ann@ct.gov,Ann,Lee,DSS,Data officers,\n")))
    call_command("import_users", str(write(tmp_path, "ANN@ct.gov,Anne,Lee,DOL,Agency leaders,\n")))
    assert User.objects.filter(email__iexact="ann@ct.gov").count() == 1
    ann = User.objects.get(email="ann@ct.gov")
    assert (ann.first_name, ann.agency.code) == ("Anne", "DOL")
    assert [g.name for g in ann.groups.all()] == [roles.AGENCY_LEADERS]


@pytest.mark.django_db
def test_one_bad_row_writes_nothing_and_names_every_problem(tmp_path, capsys):
    path = write(
        tmp_path,
        "good@ct.gov,Good,Row,DSS,Data officers,\n"
        "not-an-email,Bad,Email,DSS,Data officers,\n"
        "x@ct.gov,Bad,Agency,NOPE,Data officers,\n"
        "y@ct.gov,Bad,Group,DSS,Janitors,\n",
    )
    with pytest.raises(CommandError, match="3 problem"):
        call_command("import_users", str(path))
    err = capsys.readouterr().err
    assert "line 3: bad email 'not-an-email'" in err
    assert "line 4: unknown agency 'NOPE'" in err
    assert "line 5: unknown group 'Janitors'" in err
    assert not User.objects.filter(email="good@ct.gov").exists()


@pytest.mark.django_db
def test_missing_column_is_refused(tmp_path):
    path = write(tmp_path, "a@ct.gov,A,B,DSS\n", header="email,first_name,last_name,agency\n")
    with pytest.raises(CommandError):
        call_command("import_users", str(path))
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_weak_password_is_refused_with_its_line(tmp_path, capsys):
    path = write(tmp_path, "a@ct.gov,A,B,DSS,Data officers,123\n")
    with pytest.raises(CommandError):
        call_command("import_users", str(path))
    assert "line 2: password:" in capsys.readouterr().err


@pytest.mark.django_db
def test_seed_demo_creates_one_user_per_role_and_is_repeatable(capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    for group in roles.ALL_ROLES:
        assert User.objects.filter(groups__name=group, email__endswith="@demo.ct.gov").count() == 1
    assert "leader@demo.ct.gov" in capsys.readouterr().out
    assert User.objects.get(email="curator@demo.ct.gov").is_staff


@pytest.mark.django_db
def test_overlong_names_and_control_characters_are_refused_by_line(tmp_path, capsys):
    long_name = "A" * 151
    path = write(
        tmp_path,
        f"a@ct.gov,{long_name},B,DSS,Data officers,\nb@ct.gov,Bad\x07Name,C,DSS,Data officers,\n",
    )
    with pytest.raises(CommandError):
        call_command("import_users", str(path))
    err = capsys.readouterr().err
    assert "line 2: first_name is longer than 150 characters" in err
    assert "line 3: first_name contains a control character" in err
    assert User.objects.count() == 0
