"""Who may do what in the hub, in one place for views, querysets and tests."""

from hub import roles


def is_curator(user) -> bool:
    """Hub curators (and administrators) curate the catalog and see drafts."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or user.has_role(roles.HUB_CURATORS)


def can_view_resource(user, resource) -> bool:
    return resource.status == "published" or is_curator(user)
