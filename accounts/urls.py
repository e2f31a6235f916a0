"""Sign-in and password pages: Django's own views, with the email sign-in form and the
reset form that also reaches invited users who never chose a password; the code step of
sign-in and the two-step verification page."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from accounts import views
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
    path("", include("django.contrib.auth.urls")),
]
