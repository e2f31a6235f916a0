"""The sign-in lockout: one key per account and client address, whatever the email's case,
the client address read from the proxy's header, and a slow-down for a distributed attack."""

import pytest

from tests.factories import PASSWORD

PROXY = "10.0.0.2"  # what REMOTE_ADDR says for every request behind the TLS proxy
VICTIM = "198.51.100.7"
ATTACKER = "203.0.113.9"


def sign_in(client, email, password=PASSWORD, forwarded_for=None, remote_addr="127.0.0.1"):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post(
        "/accounts/login/",
        {"username": email, "password": password},
        headers=headers,
        REMOTE_ADDR=remote_addr,
    )


def via_proxy(client, email, client_address, password=PASSWORD):
    return sign_in(client, email, password, forwarded_for=client_address, remote_addr=PROXY)


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


@pytest.mark.django_db
def test_failures_in_every_letter_case_count_towards_one_lockout(client, officer):
    email = officer.email
    for variant in [email, email.upper(), email.title(), " " + email.upper(), email.swapcase()]:
        sign_in(client, variant, "wrong-password")
    response = sign_in(client, email.capitalize(), "wrong-password")
    assert response.status_code == 429


@pytest.mark.django_db
def test_the_right_password_in_another_case_does_not_pass_a_lockout(client, officer):
    for _ in range(5):
        sign_in(client, officer.email, "wrong-password")
    response = sign_in(client, officer.email.upper())
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_behind_the_proxy_an_attacker_elsewhere_cannot_lock_the_victim_out(
    client, officer, behind_proxy
):
    for _ in range(6):
        attempt = via_proxy(client, officer.email, ATTACKER, "wrong-password")
    assert attempt.status_code == 429  # the attacker's own address is locked
    response = via_proxy(client, officer.email, VICTIM)
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.django_db
def test_behind_the_proxy_the_victim_is_still_locked_after_own_failures(
    client, officer, behind_proxy
):
    for _ in range(5):
        via_proxy(client, officer.email, VICTIM, "wrong-password")
    assert via_proxy(client, officer.email, VICTIM).status_code == 429


@pytest.mark.django_db
def test_a_forged_forwarded_header_neither_evades_nor_frames_anyone(client, officer, behind_proxy):
    # The proxy appends the address it saw; whatever the client wrote before it is ignored.
    for n in range(5):
        via_proxy(client, officer.email, f"{VICTIM}, 192.0.2.{n}, {ATTACKER}", "wrong-password")
    assert via_proxy(client, officer.email, f"192.0.2.99, {ATTACKER}").status_code == 429
    assert via_proxy(client, officer.email, VICTIM).status_code == 302


@pytest.mark.django_db
def test_without_a_proxy_the_forwarded_header_is_ignored(client, officer):
    for n in range(5):
        sign_in(client, officer.email, "wrong-password", forwarded_for=f"192.0.2.{n}")
    assert sign_in(client, officer.email, forwarded_for="192.0.2.77").status_code == 429


@pytest.fixture
def recorded_delays(monkeypatch):
    from accounts import lockout

    delays = []
    monkeypatch.setattr(lockout.time, "sleep", delays.append)
    return delays


@pytest.mark.django_db
def test_many_failures_from_many_addresses_slow_the_account_but_do_not_block_it(
    client, officer, behind_proxy, settings, recorded_delays
):
    settings.AXES_ACCOUNT_CEILING = 8
    settings.AXES_ACCOUNT_DELAY_SECONDS = 3
    for n in range(4):
        for _ in range(2):
            via_proxy(client, officer.email, f"192.0.2.{n}", "wrong-password")
    assert recorded_delays == []  # below the ceiling nobody waits
    for n in range(4, 8):
        for _ in range(2):
            via_proxy(client, officer.email.upper(), f"192.0.2.{n}", "wrong-password")
    assert recorded_delays == [3] * 8  # every attempt from the ceiling on waits
    response = via_proxy(client, officer.email, VICTIM)
    assert response.status_code == 302  # slowed, not locked out
    assert recorded_delays[-1] == 3


@pytest.mark.django_db
def test_the_ceiling_counts_only_the_one_account(
    client, officer, leader, behind_proxy, settings, recorded_delays
):
    settings.AXES_ACCOUNT_CEILING = 4
    for n in range(4):
        via_proxy(client, officer.email, f"192.0.2.{n}", "wrong-password")
    recorded_delays.clear()
    assert via_proxy(client, leader.email, VICTIM).status_code == 302
    assert recorded_delays == []
