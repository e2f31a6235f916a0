"""The data feeds (Power BI, Excel): the pages' own exports, signed in by a personal API token.

Each feed is an existing export view wrapped by `accounts.tokens.feed`, so it shows exactly
what the page shows to the token's user, with the same suppression and permission checks.
Columns and a Power BI walkthrough: README, "Data feeds".
"""

from django.urls import path

from accounts.tokens import feed
from ai_registry import views as ai_registry
from assessments import views as assessments
from hub import resource_views as catalog
from sharing import views as sharing

app_name = "feeds"

urlpatterns = [
    path("surveys/<slug:key>/results.json", feed(assessments.results_json), name="results_json"),
    path("surveys/<slug:key>/results.csv", feed(assessments.results_csv), name="results_csv"),
    path(
        "surveys/<slug:key>/breakdown.json",
        feed(assessments.breakdown_json),
        name="breakdown_json",
    ),
    path("surveys/<slug:key>/breakdown.csv", feed(assessments.breakdown_csv), name="breakdown_csv"),
    # Curators only (the view's own check): anyone else gets 403.
    path("surveys/<slug:key>/responses.csv", feed(assessments.responses_csv), name="responses_csv"),
    path("sharing/register.csv", feed(sharing.register_csv), name="register_csv"),
    path("sharing/register.json", feed(sharing.register_json), name="register_json"),
    path("resources.csv", feed(catalog.catalog_csv), name="resources_csv"),
    path("resources.json", feed(catalog.catalog_json), name="resources_json"),
    path("ai/use-cases.csv", feed(ai_registry.inventory_csv), name="ai_use_cases_csv"),
    path("ai/use-cases.json", feed(ai_registry.inventory_json), name="ai_use_cases_json"),
    path("ai/public.json", feed(ai_registry.public_json), name="ai_public_json"),
]
