"""Two-step verification (django-otp): who must use it, setting it up, recovery codes, and
the rule that keeps staff out of the admin until they have verified a code.

A session is verified when django-otp's session key names a confirmed device of its user
(`django_otp.login` writes it after a right code). Staff signed in by password must be
verified to use the admin: without a device they are sent to set one up, with one to the
code step. A session signed in by single sign-on is trusted: the identity provider does
its own multi-factor check. Sign-in itself asks anyone with a device for a code before
signing them in (`accounts.views`), so no other page needs to check.
"""

import re
from base64 import b32encode

import django_otp
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import audit
from accounts.models import SecurityEvent

Kind = SecurityEvent.Kind

SINGLE_SIGN_ON_BACKEND = "accounts.oidc.StateOIDCBackend"
RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
TOTP_CODE = re.compile(r"^\d{6}$")


def signed_in_by_single_sign_on(request) -> bool:
    return settings.OIDC_ENABLED and (
        request.session.get(BACKEND_SESSION_KEY) == SINGLE_SIGN_ON_BACKEND
    )


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_verified(request) -> bool:
    """The session's user entered a right code from one of their confirmed devices."""
    persistent_id = request.session.get(django_otp.DEVICE_ID_SESSION_KEY)
    device = Device.from_persistent_id(persistent_id) if persistent_id else None
    return device is not None and device.confirmed and device.user_id == request.user.pk


def admin_redirect(request):
    """Where a staff member must go before the admin: the code step or the set-up page."""
    if not request.path.startswith(reverse("admin:index")):
        return None
    user = request.user
    if not (user.is_authenticated and user.is_staff):
        return None
    if signed_in_by_single_sign_on(request) or is_verified(request):
        return None
    name = "second_factor" if has_second_factor(user) else "second_factor_setup"
    return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")


class AdminNeedsSecondFactorMiddleware:
    """Staff reach the admin only with a verified session (see admin_redirect). It runs as
    the view is chosen, after config.outage has loaded the session and the user (where a
    database outage is answered with a 503)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        return admin_redirect(request)


def verify_code(request, user, code: str):
    """The device that accepts `code` (an app's 6 digits, or an unused recovery code), or
    None. A recovery code is spent by its use."""
    code = "".join(code.split()).lower()
    kind = TOTPDevice if TOTP_CODE.match(code) else StaticDevice
    for device in kind.objects.filter(user=user, confirmed=True):
        if django_otp.verify_token(user, device.persistent_id, code):
            if kind is StaticDevice:
                left = StaticToken.objects.filter(device=device).count()
                audit.record(Kind.RECOVERY_CODE_USED, request=request, user=user, left=left)
            return device
    audit.record(Kind.SECOND_FACTOR_FAILED, request=request, user=user)
    return None


def start_setup(user) -> TOTPDevice:
    """The user's new, unconfirmed authenticator (kept until a right code confirms it)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def setup_key(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32, in groups of four."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def confirm_setup(request, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the authenticator with its first code; returns the new recovery codes."""
    code = "".join(code.split())
    if not (TOTP_CODE.match(code) and device.verify_token(code)):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = renew_recovery_codes(device.user)
        audit.record(Kind.MFA_ENABLED, request=request, user=device.user)
    django_otp.login(request, device)
    return codes


def renew_recovery_codes(user, request=None) -> list[str]:
    """Ten new single-use recovery codes; the old ones stop working. Recorded when asked
    for on its own (a request given); turning verification on records that instead."""
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, defaults={"name": RECOVERY_DEVICE_NAME, "confirmed": True}
        )
        device.token_set.all().delete()
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
        if request is not None:
            audit.record(Kind.RECOVERY_CODES_RENEWED, request=request, user=user)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def disable(request, user) -> None:
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit.record(Kind.MFA_DISABLED, request=request, user=user)
    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
