"""Landed migrations (hub 0003 and 0006, assessments 0005, sharing 0003) import these names
from here; the roles themselves live in accounts.roles."""

from accounts.roles import HUB_CURATORS, grant_permissions

__all__ = ["HUB_CURATORS", "grant_permissions"]
