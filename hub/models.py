"""The resource catalog's models (defined in hub.catalog_models)."""

# Landed migrations name `hub.models.UserManager` (hub 0001): the manager lives with the user.
from accounts.models import UserManager  # noqa: F401
from hub.catalog_models import Resource, SearchTermCount, SearchWord, TaggedResource, Watch

__all__ = ["Resource", "SearchTermCount", "SearchWord", "TaggedResource", "Watch"]
