"""Django's model backend, reading the signed-in user's agency and group names with the user."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UserWithAgencyBackend(ModelBackend):
    """Every page shows the user's agency and checks roles, so both come with the user, in
    the one query of `User.objects.signed_in()`."""

    def get_user(self, user_id):
        User = get_user_model()
        try:
            user = User._default_manager.signed_in().get(pk=user_id)
        except (User.DoesNotExist, ValueError):
            return None
        return user if self.user_can_authenticate(user) else None
