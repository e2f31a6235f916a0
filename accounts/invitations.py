"""Set-your-password invitations for people onboarded without a password.

The link is Django's password-reset link: one-time (it stops working once the password is
set, as the token covers the password hash) and expiring after PASSWORD_RESET_TIMEOUT.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


def invitation_link(user) -> str:
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL + path


def send_invitation(user) -> None:
    context = {
        "user": user,
        "link": invitation_link(user),
        "site_name": settings.SITE_NAME,
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    send_mail(
        f"Your {settings.SITE_NAME} account: choose a password",
        render_to_string("accounts/email/invitation.txt", context),
        None,
        [user.email],
    )
