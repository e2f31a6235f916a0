"""Django's model backend, loading the signed-in user with their agency and groups.

Every page shows the user's agency and role and checks roles through the groups, so one
join and one prefetch per request replace a query per lookup.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class HubModelBackend(ModelBackend):
    def get_user(self, user_id):
        users = get_user_model()._default_manager
        try:
            user = users.select_related("agency").prefetch_related("groups").get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
