"""Django's model backend, loading the signed-in user with their agency and groups.

Every page shows the user's agency and role and checks roles through the groups, so the
user, their agency and their groups come from one query per request, not three.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Q


def with_agency_and_groups(users):
    """Users with their agency joined and their groups' ids and names aggregated."""
    has_group = Q(groups__isnull=False)
    return users.select_related("agency").annotate(
        group_ids=ArrayAgg("groups__id", filter=has_group, default=[]),
        group_names=ArrayAgg("groups__name", filter=has_group, default=[]),
    )


def remember_groups(user) -> None:
    """Fill `user.groups.all()` from the aggregated columns, as prefetch_related would."""
    groups = [Group(id=i, name=n) for i, n in zip(user.group_ids, user.group_names, strict=True)]
    queryset = user.groups.get_queryset()
    queryset._result_cache = groups
    queryset._prefetch_done = True
    user._prefetched_objects_cache = {"groups": queryset}


class HubModelBackend(ModelBackend):
    def get_user(self, user_id):
        users = get_user_model()._default_manager
        try:
            user = with_agency_and_groups(users).get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        remember_groups(user)
        return user if self.user_can_authenticate(user) else None
