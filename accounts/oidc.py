"""Single sign-on with the state's identity provider (mozilla-django-oidc), when configured."""

from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from accounts.backends import UserWithAgencyBackend
from accounts.models import UserManager


class StateOIDCBackend(OIDCAuthenticationBackend):
    """Match the identity provider's email claim to an onboarded, active user.

    Accounts are created by onboarding (import_users) so that every user has an agency
    and a role; an unknown email is refused rather than created without them.
    """

    def filter_users_by_claims(self, claims):
        email = UserManager.normalize_email(claims.get("email"))
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email=email, is_active=True)

    def get_user(self, user_id):
        """As the model backend: the user with agency and groups, if active."""
        return UserWithAgencyBackend().get_user(user_id)
