"""Personal API tokens for the data feeds, and the log of every use of one.

Only a SHA-256 digest of the secret is kept: a token is shown once, when it is created, and
a copy of the database never lets anyone call a feed as its owner.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class ApiToken(models.Model):
    """A user's named token: exactly the user's own permissions, until it expires or is revoked."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What it is for, e.g. “Power BI report”.")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(
        max_length=12, editable=False, help_text="The token's first characters, to recognise it."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="api_token_expires_after_created"
            ),
            models.CheckConstraint(
                condition=Q(digest__regex=r"^[0-9a-f]{64}$"), name="api_token_digest_sha256"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def status(self) -> str:
        if self.revoked_at:
            return "Revoked"
        return "Expired" if self.expires_at <= timezone.now() else "Active"


class ApiTokenUse(models.Model):
    """One request to a feed made with a token: who, which token, which feed, when."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="uses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    feed = models.CharField(max_length=300, help_text="The path of the feed called.")
    used_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-used_at"]
        # The rate limit counts a token's uses of the last minute through this index.
        indexes = [models.Index(fields=["token", "used_at"], name="api_token_use_recent")]

    def __str__(self):
        return f"{self.token.name}: {self.feed} at {self.used_at:%Y-%m-%d %H:%M}"
