"""The API tokens page: a user creates, sees and revokes their own tokens; curators
see and revoke everyone's (accounts.tokens holds the rules)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts import roles, tokens
from accounts.token_forms import ApiTokenForm
from accounts.token_models import ApiToken

PAGE_SIZE = 50


def _page(request, form, secret=None, status=200):
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "form": form,
            "secret": secret,
            "tokens": ApiToken.objects.filter(user=request.user),
            "curator": roles.is_curator(request.user),
            "rate": tokens.RATE_PER_MINUTE,
        },
        status=status,
    )


def api_tokens(request):
    return _page(request, ApiTokenForm())


@require_POST
def api_token_create(request):
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    token, secret = tokens.create_token(
        request.user, form.cleaned_data["name"], form.cleaned_data["days"]
    )
    # Rendered, not redirected: the secret is shown on this one response and never again.
    return _page(request, ApiTokenForm(), secret={"token": token, "value": secret})


@require_POST
def api_token_revoke(request, pk):
    token = get_object_or_404(tokens.tokens_visible_to(request.user), pk=pk)
    back = request.POST.get("back") == "all" and roles.is_curator(request.user)
    cancel_url = reverse("api_tokens_all" if back else "api_tokens")
    if request.POST.get("confirmed") != "1":  # without JavaScript: the confirmation page
        confirm = {
            "title": f"Revoke the token “{token.name}”?",
            "body": "Anything that uses it (a Power BI report, a spreadsheet) stops refreshing "
            "at once. This cannot be undone: create a new token if it is needed again.",
            "action_url": request.path,
            "confirm_label": "Revoke token",
            "cancel_url": cancel_url,
            "danger": True,
            "fields": [("back", "all")] if back else [],
        }
        return render(request, "components/confirm.html", {"confirm": confirm})
    if tokens.revoke_token(token, by=request.user):
        messages.success(request, f"The token “{token.name}” is revoked; it no longer works.")
    else:
        messages.info(request, f"The token “{token.name}” was already revoked.")
    return redirect(cancel_url)


def api_tokens_all(request):
    """Curators: everyone's tokens, newest first, to revoke any of them."""
    if not roles.is_curator(request.user):
        raise PermissionDenied("Only hub curators see everyone's tokens.")
    found = tokens.tokens_visible_to(request.user).order_by("-created_at", "-pk")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "accounts/api_tokens_all.html", {"page": page, "uses": tokens.latest_uses()}
    )
