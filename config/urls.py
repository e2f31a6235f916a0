from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView

from config import health

admin.site.site_header = "State Data Hub administration"
admin.site.site_title = "State Data Hub admin"
admin.site.index_title = "Curation"
admin.site.site_url = "/"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    # One sign-in page for the whole product: the admin's own login sends people there.
    path(
        "admin/login/",
        login_not_required(
            RedirectView.as_view(pattern_name="login", query_string=True, permanent=False)
        ),
    ),
    path("admin/", admin.site.urls),
    path("resources/", include("hub.resource_urls")),
    path("assessments/", include("assessments.urls")),
    path("sharing/", include("sharing.urls")),
    path("hiring/", include("hiring.urls")),
    path("ai/", include("ai_registry.urls")),
    path("inventory/", include("inventory.urls")),
    path("feeds/", include("config.feeds")),
    path("tasks/", include("jobs.urls")),
    path("", include("hub.urls")),
]

if settings.OIDC_ENABLED:
    from mozilla_django_oidc import views as oidc_views

    urlpatterns.insert(
        0,
        path(
            "oidc/authenticate/",
            login_not_required(oidc_views.OIDCAuthenticationRequestView.as_view()),
            name="oidc_authentication_init",
        ),
    )
    urlpatterns.insert(
        0,
        path(
            "oidc/callback/",
            login_not_required(oidc_views.OIDCAuthenticationCallbackView.as_view()),
            name="oidc_authentication_callback",
        ),
    )

handler500 = "config.error_pages.server_error"
