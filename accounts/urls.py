"""Sign-in and password pages: Django's own views, with the email sign-in form and the
reset form that also reaches invited users who never chose a password; the code step of
sign-in and the two-step verification page."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import token_views, views
from accounts.forms import InvitingPasswordResetForm

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("login/code/", views.SecondFactorView.as_view(), name="second_factor"),
    path("two-step/", views.SecondFactorSetupView.as_view(), name="second_factor_setup"),
    path(
        "password_reset/",
        auth_views.PasswordResetView.as_view(form_class=InvitingPasswordResetForm),
        name="password_reset",
    ),
    path("tokens/", token_views.api_tokens, name="api_tokens"),
    path("tokens/new/", token_views.api_token_create, name="api_token_create"),
    path("tokens/all/", token_views.api_tokens_all, name="api_tokens_all"),
    path("tokens/<int:pk>/revoke/", token_views.api_token_revoke, name="api_token_revoke"),
    path("", include("django.contrib.auth.urls")),
]
