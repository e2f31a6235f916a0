"""People and the agencies they work for: what every other app stands on."""

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


from accounts.token_models import ApiToken, ApiTokenUse  # noqa: E402, F401 (feeds)
