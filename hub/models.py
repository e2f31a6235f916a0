"""The resource catalog's models (defined in hub.catalog_models and hub.search_models)."""

# Landed migrations name `hub.models.UserManager` (hub 0001): the manager lives with the user.
from accounts.models import UserManager  # noqa: F401
from hub.catalog_models import (
    Resource,
    SearchTermCount,
    SearchWord,
    TaggedResource,
    TitleWord,
    Watch,
)
from hub.search_models import ResourceSuggestion, SearchSynonym

__all__ = [
    "Resource",
    "ResourceSuggestion",
    "SearchSynonym",
    "SearchTermCount",
    "SearchWord",
    "TaggedResource",
    "TitleWord",
    "Watch",
]
