from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm

from accounts.models import User, UserManager


class EmailAuthenticationForm(AuthenticationForm):
    """Django's login form, labelled for email sign-in."""

    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def confirm_login_allowed(self, user):
        """With single sign-on configured, LOCAL_SIGN_IN_SUPERUSERS_ONLY keeps passwords for
        the superusers who must reach the hub when the identity provider is down."""
        super().confirm_login_allowed(user)
        if settings.LOCAL_SIGN_IN_SUPERUSERS_ONLY and not user.is_superuser:
            raise forms.ValidationError(
                "Sign in with your state account: passwords are not used on this hub.",
                code="single_sign_on_only",
            )


class SecondFactorForm(forms.Form):
    """The code step of sign-in: an authenticator app's code or a recovery code."""

    code = forms.CharField(
        label="Code",
        max_length=32,
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes.",
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "one-time-code", "spellcheck": "false"}
        ),
    )


class ConfirmAuthenticatorForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=12,
        help_text="6 digits. A new code appears every 30 seconds.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class InvitingPasswordResetForm(PasswordResetForm):
    """Django's reset form, which also reaches users who never had a password.

    Django skips accounts with an unusable password; here those are people onboarded by
    `import_users` who lost their invitation, and the README promises them a reset. The
    email is matched as stored (trimmed, lower-case); inactive accounts are still skipped.
    """

    def get_users(self, email):
        return User.objects.filter(email=UserManager.normalize_email(email), is_active=True)
