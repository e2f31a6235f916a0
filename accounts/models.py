"""People and the agencies they work for: what every other app stands on."""

import pgtrigger
from django.contrib.auth.models import AbstractUser, BaseUserManager, Group
from django.contrib.postgres.expressions import ArraySubquery
from django.db import models
from django.db.models import OuterRef
from django.db.models.functions import Lower, Trim
from django.utils.functional import cached_property

from accounts import roles


class Agency(models.Model):
    """A Connecticut executive-branch agency; every user belongs to one."""

    code = models.CharField(max_length=16, unique=True, help_text="Short code, e.g. DSS.")
    name = models.CharField(max_length=200, unique=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[A-Z][A-Z0-9]*$"), name="agency_code_upper"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"


class UserManager(BaseUserManager):
    """Users sign in with their email address; there is no username."""

    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email):
        """The one spelling of an email that identifies a user: trimmed and lower-case.

        Sign-in, the lockout's key, password reset, SSO, import and the admin all use it,
        so that no spelling of an address is a different account or a separate lockout.
        """
        return (email or "").strip().lower()

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email=self.normalize_email(username))

    def signed_in(self):
        """Users as every page needs them, in one query: with their agency, and with the
        names of their groups (`group_names`, which roles.has_role reads)."""
        names = Group.objects.filter(user=OuterRef("pk")).order_by("name").values("name")
        return self.select_related("agency").annotate(group_names=ArraySubquery(names))


class User(AbstractUser):
    """A state employee, signed in by email, tied to one agency."""

    username = None
    email = models.EmailField("email address", unique=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.CheckConstraint(
                condition=models.Q(email=Lower(Trim("email"))), name="user_email_normalized"
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.email = UserManager.normalize_email(self.email)
        super().save(*args, **kwargs)

    @cached_property
    def group_names(self) -> list[str]:
        """The names of the user's groups. A user loaded by `User.objects.signed_in()` (every
        signed-in request's) has them from that query; any other loads them once."""
        return [group.name for group in self.groups.all()]

    def has_role(self, group_name: str) -> bool:
        return roles.has_role(self, group_name)

    @property
    def role_label(self) -> str:
        """The user's roles in words, for the user menu."""
        labels = [roles.ROLE_LABELS.get(name, name) for name in self.group_names]
        if not labels and self.is_superuser:
            labels = ["Administrator"]
        return ", ".join(sorted(labels)) or "No role assigned"


class SecurityEvent(models.Model):
    """One security event (a sign-in, a failure, a lockout, a second-factor or role change).

    Append-only: rows are written by `accounts.audit` and never changed; the admin shows
    them read-only to superusers. The email is kept beside the user so that a failed
    sign-in for an unknown address, or a user deleted later, still says who it was.
    """

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        LOCKED_OUT = "locked_out", "Locked out"
        SECOND_FACTOR_FAILED = "second_factor_failed", "Wrong second-factor code"
        MFA_ENABLED = "mfa_enabled", "Two-step verification turned on"
        MFA_DISABLED = "mfa_disabled", "Two-step verification turned off"
        RECOVERY_CODE_USED = "recovery_code_used", "Recovery code used"
        RECOVERY_CODES_RENEWED = "recovery_codes_renewed", "New recovery codes made"
        ROLES_CHANGED = "roles_changed", "Roles changed"
        TOKEN_CREATED = "token_created", "API token created"
        TOKEN_REVOKED = "token_revoked", "API token revoked"

    kind = models.CharField(max_length=32, choices=Kind.choices)
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="security_events"
    )
    email = models.CharField(max_length=254, blank=True, help_text="As typed or as stored.")
    client_address = models.GenericIPAddressField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["kind", "-occurred_at"], name="security_event_kind")]
        triggers = [
            # Append-only in the database too. Deleting a user sets `user` to null on their
            # events (the email stays), so only that column may change.
            pgtrigger.Protect(name="security_event_never_deleted", operation=pgtrigger.Delete),
            pgtrigger.Protect(
                name="security_event_never_changed",
                operation=pgtrigger.Update,
                condition=pgtrigger.AnyChange(
                    "kind", "occurred_at", "email", "client_address", "details"
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.email or '-'}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A security event is recorded once and never changed.")
        super().save(*args, **kwargs)


from accounts.token_models import ApiToken, ApiTokenUse  # noqa: E402, F401 (feeds)
