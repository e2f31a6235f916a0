from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm

from accounts.models import User, UserManager


class EmailAuthenticationForm(AuthenticationForm):
    """Django's login form, labelled for email sign-in."""

    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )


class InvitingPasswordResetForm(PasswordResetForm):
    """Django's reset form, which also reaches users who never had a password.

    Django skips accounts with an unusable password; here those are people onboarded by
    `import_users` who lost their invitation, and the README promises them a reset. The
    email is matched as stored (trimmed, lower-case); inactive accounts are still skipped.
    """

    def get_users(self, email):
        return User.objects.filter(email=UserManager.normalize_email(email), is_active=True)
