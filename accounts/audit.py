"""The audit log of security events: one function writes a row, and the receivers below
call it for what Django, django-axes and the groups tell us (sign-ins, failures,
lockouts, role changes, API tokens made or revoked). Second-factor events are recorded by
`accounts.second_factor`."""

from axes.signals import user_locked_out
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from simple_history.models import HistoricalRecords

from accounts.lockout import client_address
from accounts.models import SecurityEvent, User, UserManager
from accounts.tokens import token_created, token_revoked

Kind = SecurityEvent.Kind


def record(kind: str, *, request=None, user=None, email: str = "", **details) -> SecurityEvent:
    """Append one event; the client address is read as the lockout reads it."""
    if user is not None and not email:
        email = user.email
    address = client_address(request) if request is not None else None
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        email=UserManager.normalize_email(email)[:254],
        client_address=address or None,
        details=details,
    )


def sign_in_method(backend_path: str) -> str:
    return "single sign-on" if backend_path.endswith("StateOIDCBackend") else "password"


@receiver(user_logged_in, dispatch_uid="audit_signed_in")
def signed_in(sender, request, user, **kwargs):
    backend = request.session.get(BACKEND_SESSION_KEY, "") if request is not None else ""
    record(Kind.SIGNED_IN, request=request, user=user, method=sign_in_method(backend))


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def sign_in_failed(sender, credentials, request=None, **kwargs):
    if credentials.get("second_factor"):
        return  # a wrong code: recorded by accounts.second_factor with its user
    email = UserManager.normalize_email(credentials.get("username"))
    user = User.objects.filter(email=email).first() if email else None
    record(Kind.SIGN_IN_FAILED, request=request, user=user, email=email)


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def locked_out(sender, request, username, ip_address, **kwargs):
    email = UserManager.normalize_email(username)
    user = User.objects.filter(email=email).first() if email else None
    record(Kind.LOCKED_OUT, request=request, user=user, email=email)


def role_change(user, change: str, names: list[str]) -> None:
    """Recorded with who made it and from where when it happens in a request (the admin):
    django-simple-history's middleware keeps the request being served."""
    request = getattr(HistoricalRecords.context, "request", None)
    actor = getattr(request, "user", None)
    by = {"by": actor.email} if actor is not None and actor.is_authenticated else {}
    record(Kind.ROLES_CHANGED, request=request, user=user, **{change: names}, **by)


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="audit_roles_changed")
def roles_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """A person's groups (roles) changed, from either side of the relation."""
    if action == "pre_clear" and not reverse:
        names = sorted(instance.groups.values_list("name", flat=True))
        if names:
            role_change(instance, "removed", names)
        return
    if action not in {"post_add", "post_remove"} or not pk_set:
        return
    change = "added" if action == "post_add" else "removed"
    if reverse:  # group.user_set.add(...): the instance is the group, pk_set its users
        for user in User.objects.filter(pk__in=pk_set):
            role_change(user, change, [instance.name])
    else:
        names = sorted(model.objects.filter(pk__in=pk_set).values_list("name", flat=True))
        role_change(instance, change, names)


@receiver(token_created, dispatch_uid="audit_token_created")
def api_token_created(sender, token, by, **kwargs):
    record(Kind.TOKEN_CREATED, user=token.user, token=token.name, by=by.email)


@receiver(token_revoked, dispatch_uid="audit_token_revoked")
def api_token_revoked(sender, token, by, **kwargs):
    record(Kind.TOKEN_REVOKED, user=token.user, token=token.name, by=by.email)
