"""Who may do what in the hub, in one place for views, querysets and tests."""

from django.db.models import Q

from accounts.roles import is_curator


def can_view_resource(user, resource) -> bool:
    return resource.status == "published" or is_curator(user)


def resources_in_admin(user, queryset):
    """What the admin lists: all for curators; for other staff, published resources and
    the drafts they own or created, never another person's draft."""
    if is_curator(user):
        return queryset
    return queryset.filter(Q(status="published") | Q(owner=user) | Q(created_by=user))


def can_see_in_admin(user, resource) -> bool:
    return (
        is_curator(user)
        or resource.status == "published"
        or user.pk in {resource.owner_id, resource.created_by_id}
    )
