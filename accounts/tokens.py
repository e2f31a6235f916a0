"""Personal API tokens: creating, revoking, and signing a feed request in with one.

A token is `sdh_` and 43 random URL-safe characters from `secrets` (256 bits); only its
SHA-256 digest is stored, so it is shown once. A feed request carries it as
`Authorization: Bearer <token>`; the token's user is that request's user, for that request
only: no session is created, so the token never grants more than its owner's own rights.

The audit log subscribes to `token_created` and `token_revoked` (sender: ApiToken, with
`token` and `by`), so this module needs nothing of it.
"""

import datetime
import functools
import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.dispatch import Signal
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts import roles
from accounts.token_models import ApiToken, ApiTokenUse

PREFIX = "sdh_"
DEFAULT_DAYS = 90
MAX_DAYS = 365
# Requests per token per minute; past it a feed answers 429 (README, "Data feeds").
RATE_PER_MINUTE = 60

token_created = Signal()  # sender=ApiToken, token, by
token_revoked = Signal()  # sender=ApiToken, token, by


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(user, name: str, days: int = DEFAULT_DAYS) -> tuple[ApiToken, str]:
    """A new token for `user` and its secret, which is never stored and never shown again."""
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"A token lasts between 1 and {MAX_DAYS} days.")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        digest=digest_of(secret),
        prefix=secret[:8],
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    token_created.send(sender=ApiToken, token=token, by=user)
    return token, secret


def can_revoke(user, token: ApiToken) -> bool:
    """The owner revokes their own tokens; curators revoke anyone's."""
    return token.user_id == user.pk or roles.is_curator(user)


def tokens_visible_to(user):
    """The tokens a user may see: their own, or everyone's for a curator."""
    tokens = ApiToken.objects.select_related("user", "user__agency", "revoked_by")
    return tokens if roles.is_curator(user) else tokens.filter(user=user)


def latest_uses(limit: int = 50):
    """The latest feed requests made with any token, for curators: who, which token, when."""
    return ApiTokenUse.objects.select_related("user", "token").order_by("-used_at", "-pk")[:limit]


def revoke_token(token: ApiToken, by) -> bool:
    """Revoke a token at once; False when it was already revoked (nothing changes)."""
    now = timezone.now()
    changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=now, revoked_by=by
    )
    if changed:
        token.revoked_at, token.revoked_by = now, by
        token_revoked.send(sender=ApiToken, token=token, by=by)
    return bool(changed)


def token_from(request) -> ApiToken | None:
    """The live token the request carries (not expired, not revoked, owner active), or None."""
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret.startswith(PREFIX) or len(secret) > 100:
        return None
    return (
        ApiToken.objects.filter(
            digest=digest_of(secret),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .only("pk", "name", "user_id")
        .first()
    )


def record_use(token: ApiToken, feed: str) -> bool:
    """Log one use of the token, or refuse it (False) past RATE_PER_MINUTE in the last minute.

    The token's row is locked while its recent uses are counted, so concurrent requests with
    one token are counted one after the other and never all slip under the limit.
    """
    now = timezone.now()
    with transaction.atomic():
        ApiToken.objects.select_for_update().filter(pk=token.pk).values_list("pk").get()
        recent = ApiTokenUse.objects.filter(
            token=token, used_at__gt=now - datetime.timedelta(minutes=1)
        ).count()
        if recent >= RATE_PER_MINUTE:
            return False
        ApiTokenUse.objects.create(token=token, user_id=token.user_id, feed=feed[:300])
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return True


def feed(view):
    """A read-only feed: the view as it is, signed in by a bearer token and nothing else.

    No token, a wrong, expired or revoked one: 401 with no data. Past the rate: 429.
    The view's own permission checks then apply to the token's user as to a page's.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        token = token_from(request)
        if token is None:
            response = JsonResponse(
                {"error": "A valid API token is required: Authorization: Bearer <token>."},
                status=401,
            )
            response["WWW-Authenticate"] = 'Bearer realm="feeds"'
            return response
        if not record_use(token, request.path):
            response = JsonResponse(
                {"error": f"Rate limit: {RATE_PER_MINUTE} requests a minute per token."},
                status=429,
            )
            response["Retry-After"] = "60"
            return response
        request.user = get_user_model().objects.signed_in().get(pk=token.user_id)
        return view(request, *args, **kwargs)

    # Never the session: a browser's cookie does not open a feed, and a token opens no page.
    return login_not_required(require_safe(wrapper))
