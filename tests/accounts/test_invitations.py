"""Users onboarded without a password get a one-time, expiring set-your-password link."""

import time

import pytest
from django.core import mail
from django.core.management import call_command

from accounts.models import User
from tests import factories

HEADER = "email,first_name,last_name,agency,group,password\n"
NEW_PASSWORD = "a-brand-new-passphrase-42"


def import_csv(tmp_path, body, capture):
    path = tmp_path / "users.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    with capture(execute=True):
        call_command("import_users", str(path))


def link_in(message) -> str:
    return next(word for word in message.body.split() if "/accounts/reset/" in word)


def set_password(client, link, password=NEW_PASSWORD):
    """Open the emailed link and choose a password; the final response."""
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    return client.post(
        form_page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )


@pytest.mark.django_db
def test_import_invites_each_new_user_without_a_password_and_the_link_signs_them_in(
    tmp_path, client, settings, django_capture_on_commit_callbacks, agency
):
    settings.SITE_URL = "https://datahub.example.ct.gov"
    import_csv(
        tmp_path,
        "ann@ct.gov,Ann,Lee,DSS,Data officers,\n"
        "bo@ct.gov,Bo,Ray,DSS,Data officers,a-very-long-secret-9\n",
        django_capture_on_commit_callbacks,
    )
    assert [m.to for m in mail.outbox] == [["ann@ct.gov"]]
    invitation = mail.outbox[0]
    assert "State Data Hub" in invitation.subject
    assert "Ann" in invitation.body
    link = link_in(invitation)
    assert link.startswith("https://datahub.example.ct.gov/accounts/reset/")

    path = link.removeprefix(settings.SITE_URL)
    assert set_password(client, path).status_code == 302
    response = client.post("/accounts/login/", {"username": "Ann@CT.gov", "password": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.django_db
def test_an_invitation_link_works_only_once(
    tmp_path, client, django_capture_on_commit_callbacks, agency
):
    import_csv(
        tmp_path, "ann@ct.gov,Ann,Lee,DSS,Data officers,\n", django_capture_on_commit_callbacks
    )
    path = link_in(mail.outbox[0]).removeprefix("http://localhost:8000")
    assert set_password(client, path).status_code == 302
    client.logout()
    again = client.get(path, follow=True)
    assert "no longer valid" in again.text


@pytest.mark.django_db
def test_an_invitation_link_expires(
    tmp_path, client, settings, django_capture_on_commit_callbacks, agency
):
    settings.PASSWORD_RESET_TIMEOUT = 0
    import_csv(
        tmp_path, "ann@ct.gov,Ann,Lee,DSS,Data officers,\n", django_capture_on_commit_callbacks
    )
    time.sleep(1.05)  # the token's clock counts whole seconds
    page = client.get(link_in(mail.outbox[0]).removeprefix("http://localhost:8000"), follow=True)
    assert "no longer valid" in page.text
    assert not User.objects.get(email="ann@ct.gov").has_usable_password()


@pytest.mark.django_db
def test_reimport_invites_nobody_again(
    tmp_path, django_capture_on_commit_callbacks, agency, capsys
):
    import_csv(
        tmp_path, "ann@ct.gov,Ann,Lee,DSS,Data officers,\n", django_capture_on_commit_callbacks
    )
    assert "1 invitation(s) sent" in capsys.readouterr().out
    mail.outbox.clear()
    import_csv(
        tmp_path, "ANN@ct.gov,Anne,Lee,DSS,Data officers,\n", django_capture_on_commit_callbacks
    )
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_rejected_import_invites_nobody(tmp_path, django_capture_on_commit_callbacks, agency):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        import_csv(
            tmp_path,
            "ann@ct.gov,Ann,Lee,DSS,Data officers,\nbad,B,C,DSS,Data officers,\n",
            django_capture_on_commit_callbacks,
        )
    assert mail.outbox == []


@pytest.mark.django_db
def test_password_reset_works_for_a_user_who_never_had_a_password(client, agency):
    user = factories.UserFactory(email="carl@ct.gov", agency=agency, password=None)
    user.set_unusable_password()
    user.save()
    client.post("/accounts/password_reset/", {"email": "  Carl@CT.gov "})
    assert [m.to for m in mail.outbox] == [["carl@ct.gov"]]
    assert set_password(client, link_in(mail.outbox[0])).status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_password_reset_skips_inactive_users(client, agency):
    factories.UserFactory(email="gone@ct.gov", agency=agency, is_active=False)
    client.post("/accounts/password_reset/", {"email": "gone@ct.gov"})
    assert mail.outbox == []


@pytest.mark.django_db
def test_without_site_url_an_import_that_would_invite_is_refused(
    tmp_path, settings, django_capture_on_commit_callbacks, agency
):
    from django.core.management import CommandError

    settings.SITE_URL = ""
    with pytest.raises(CommandError):
        import_csv(
            tmp_path, "ann@ct.gov,Ann,Lee,DSS,Data officers,\n", django_capture_on_commit_callbacks
        )
    assert not User.objects.filter(email="ann@ct.gov").exists()
    assert mail.outbox == []
    import_csv(  # with passwords, nobody needs a link
        tmp_path,
        "bo@ct.gov,Bo,Ray,DSS,Data officers,a-very-long-secret-9\n",
        django_capture_on_commit_callbacks,
    )
    assert User.objects.filter(email="bo@ct.gov").exists()
