"""The sign-in lockout's keys and its per-account ceiling (django-axes does the counting).

Failures are counted per account and client address: an attacker elsewhere, or a colleague
behind the same office NAT mistyping their own email, cannot lock a person out. An attack
spread over many addresses is slowed instead, per account, by `AccountCeilingBackend`.
"""

import ipaddress
import time

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from accounts.models import UserManager


def lockout_username(request, credentials) -> str | None:
    """The account a sign-in attempt is for, spelled as stored (AXES_USERNAME_CALLABLE)."""
    field = settings.AXES_USERNAME_FORM_FIELD
    value = (credentials or {}).get(field)
    if value is None and request is not None:
        value = request.POST.get(field)
    return UserManager.normalize_email(value) if value is not None else None


def client_address(request) -> str | None:
    """The address of the browser, behind TRUSTED_PROXY_COUNT proxies (AXES_CLIENT_IP_CALLABLE).

    Each trusted proxy appends the address it received the request from to X-Forwarded-For,
    so the client is that many entries from the right; anything to the left of it was
    written by the client and is ignored. Without proxies, X-Forwarded-For is not read.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [a for a in forwarded if a] + [remote]
    if len(hops) <= count:
        return remote  # did not come through every proxy: nothing forwarded can be trusted
    candidate = hops[-(count + 1)]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def recent_failures_for_account(username: str) -> int:
    """Failed sign-ins for this account from every address within the cool-off."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(username=username, attempt_time__gte=since)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class AccountCeilingBackend:
    """Slow every sign-in attempt for an account that many addresses keep failing.

    Listed before the lockout and password backends; it never signs anyone in. Past
    AXES_ACCOUNT_CEILING failures for one account within the cool-off, each attempt for
    that account (right or wrong, from any address) waits AXES_ACCOUNT_DELAY_SECONDS before
    the password is checked, so a distributed guesser gets few guesses while the owner
    still signs in, a little later.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None or username is None or not settings.AXES_ACCOUNT_DELAY_SECONDS:
            return None
        name = UserManager.normalize_email(username)
        if recent_failures_for_account(name) >= settings.AXES_ACCOUNT_CEILING:
            time.sleep(settings.AXES_ACCOUNT_DELAY_SECONDS)
        return None
