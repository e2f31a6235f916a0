"""Sign-in with a second factor, and the page where people turn two-step verification on
and off. The rules and the writes are in accounts/second_factor.py."""

import time

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, user_login_failed
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render, resolve_url
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from accounts import second_factor
from accounts.forms import ConfirmAuthenticatorForm, EmailAuthenticationForm, SecondFactorForm
from accounts.models import User

PENDING_KEY = "second_factor_pending"


class SignInView(auth_views.LoginView):
    """The password step. Someone with an authenticator is not signed in yet: the code step
    (SecondFactorView) does that, so no session exists on a password alone."""

    authentication_form = EmailAuthenticationForm
    extra_context = {"oidc_enabled": settings.OIDC_ENABLED}  # as the URLs are, at start-up

    def form_valid(self, form):
        user = form.get_user()
        if not second_factor.has_second_factor(user):
            return super().form_valid(form)
        self.request.session[PENDING_KEY] = {
            "user": user.pk,
            "backend": user.backend,
            "since": time.time(),
            "next": self.get_redirect_url(),
        }
        return redirect("second_factor")


def pending_sign_in(request) -> tuple[User, dict] | tuple[None, None]:
    """The user who gave a right password a moment ago, or the signed-in user whose session
    is not verified yet (the admin sends them here)."""
    pending = request.session.get(PENDING_KEY)
    if pending and time.time() - pending["since"] < settings.SECOND_FACTOR_PENDING_SECONDS:
        user = User.objects.filter(pk=pending["user"], is_active=True).first()
        if user is not None:
            return user, pending
    if request.user.is_authenticated and second_factor.has_second_factor(request.user):
        return request.user, {}
    return None, None


def safe_next(request, candidate: str) -> str:
    allowed = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if candidate and allowed else resolve_url(settings.LOGIN_REDIRECT_URL)


@method_decorator(login_not_required, name="dispatch")
class SecondFactorView(View):
    """The code step. Wrong codes count towards the lockout as wrong passwords do."""

    template_name = "registration/second_factor.html"

    def get(self, request):
        user, _ = pending_sign_in(request)
        if user is None:
            return self.elsewhere(request)
        return render(request, self.template_name, {"form": SecondFactorForm()})

    def elsewhere(self, request):
        """No right password a moment ago: sign in, or (signed in) set up an authenticator."""
        return redirect("second_factor_setup" if request.user.is_authenticated else "login")

    def post(self, request):
        user, pending = pending_sign_in(request)
        if user is None:
            return self.elsewhere(request)
        credentials = {"username": user.email}
        if AxesProxyHandler.is_locked(request, credentials):
            return get_lockout_response(request, None, credentials)
        form = SecondFactorForm(request.POST)
        device = form.is_valid() and second_factor.verify_code(
            request, user, form.cleaned_data["code"]
        )
        if not device:
            if form.is_valid():
                form.add_error("code", "That code is not right. Check it and try again.")
                user_login_failed.send(
                    sender=__name__,
                    credentials={**credentials, "second_factor": True},
                    request=request,
                )
            return render(request, self.template_name, {"form": form})
        if pending:
            request.session.pop(PENDING_KEY)
            login(request, user, backend=pending["backend"])
        django_otp.login(request, device)
        return redirect(safe_next(request, pending.get("next") or request.GET.get("next", "")))


class SecondFactorSetupView(View):
    """Two-step verification for the signed-in user: turn it on (scan or type the key, enter
    a code, keep the recovery codes), make new recovery codes, or turn it off."""

    template_name = "accounts/second_factor_setup.html"

    def get(self, request):
        return self.page(request)

    def post(self, request):
        action = request.POST.get("action")
        if action == "confirm":
            return self.confirm(request)
        if action in {"renew", "disable"}:
            return self.with_code(request, action)
        return redirect("second_factor_setup")

    def page(self, request, **context):
        user = request.user
        enabled = second_factor.has_second_factor(user)
        context.setdefault("form", SecondFactorForm() if enabled else ConfirmAuthenticatorForm())
        if not enabled:
            device = second_factor.start_setup(user)
            context.update(device=device, setup_key=second_factor.setup_key(device))
        context.update(
            enabled=enabled,
            recovery_codes_left=second_factor.recovery_codes_left(user) if enabled else 0,
            required=user.is_staff and not second_factor.signed_in_by_single_sign_on(request),
            next=safe_next(request, request.GET.get("next", "")),
        )
        return render(request, self.template_name, context)

    def confirm(self, request):
        form = ConfirmAuthenticatorForm(request.POST)
        device = second_factor.start_setup(request.user)
        codes = form.is_valid() and second_factor.confirm_setup(
            request, device, form.cleaned_data["code"]
        )
        if not codes:
            if form.is_valid():
                form.add_error("code", "That code is not right. Check the key and try again.")
            return self.page(request, form=form)
        return self.recovery_codes(request, codes, "Two-step verification is on.")

    def with_code(self, request, action):
        form = SecondFactorForm(request.POST)
        device = form.is_valid() and second_factor.verify_code(
            request, request.user, form.cleaned_data["code"]
        )
        if not device:
            if form.is_valid():
                form.add_error("code", "That code is not right. Check it and try again.")
            return self.page(request, form=form)
        if action == "renew":
            codes = second_factor.renew_recovery_codes(request.user, request=request)
            return self.recovery_codes(request, codes, "New recovery codes made.")
        second_factor.disable(request, request.user)
        messages.success(request, "Two-step verification is off.")
        return redirect("second_factor_setup")

    def recovery_codes(self, request, codes, heading):
        context = {
            "codes": codes,
            "heading": heading,
            "next": safe_next(request, request.POST.get("next", "")),
        }
        return render(request, "accounts/recovery_codes.html", context)
