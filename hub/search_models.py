"""What the site search keeps: curators' synonyms, and what people asked for and did not find.

`SearchSynonym` rows widen every search (the site search and the catalog's): a search for the
term also finds its expansion ("FERPA" finds "education records"). `ResourceSuggestion` is a
"Suggest a resource" from a search with no results; curators mark it added (with the
resource) or declined, and the person is emailed when it is added (hub.suggestions).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

# Letters, digits, spaces and hyphens: what a search word is made of, and nothing that the
# search syntax reads (quotes, a leading minus for "not", "or").
TERM_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9 \-]*$", "Use letters, digits, spaces and hyphens only."
)


class SearchSynonym(models.Model):
    """A word or acronym people search for, and what it also means."""

    term = models.CharField(
        max_length=60,
        unique=True,
        validators=[TERM_VALIDATOR],
        help_text="A word or acronym people type, e.g. FERPA. Case does not matter.",
    )
    expansion = models.CharField(
        max_length=200,
        validators=[TERM_VALIDATOR],
        help_text="What a search for the term also finds, e.g. education records "
        "(results holding all these words).",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["term"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term=models.functions.Lower("term")), name="synonym_term_lower"
            )
        ]

    def __str__(self):
        return f"{self.term} → {self.expansion}"

    def save(self, *args, **kwargs):
        self.term = " ".join((self.term or "").split()).lower()
        super().save(*args, **kwargs)

    def clean(self):
        self.term = " ".join((self.term or "").split()).lower()
        self.expansion = " ".join((self.expansion or "").split())
        if self.term and self.term == self.expansion.lower():
            raise ValidationError({"expansion": "The expansion must differ from the term."})


class SuggestionStatus(models.TextChoices):
    OPEN = "open", "Open"
    ADDED = "added", "Added"
    DECLINED = "declined", "Declined"


class ResourceSuggestion(models.Model):
    """Someone searched, found nothing, and told the curators what they needed."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resource_suggestions"
    )
    query = models.CharField("their search", max_length=200, blank=True)
    needed = models.TextField("what they needed", max_length=2000)
    link = models.URLField("a link they know", max_length=1000, blank=True)
    status = models.CharField(
        max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.OPEN
    )
    resource = models.ForeignKey(
        "hub.Resource",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        help_text="The resource added for it (required to mark it added).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    notified_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the person was emailed."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=SuggestionStatus.ADDED) | Q(resource__isnull=False),
                name="suggestion_added_has_resource",
            )
        ]
        indexes = [
            # The curators' home counts the open ones: a small partial index.
            models.Index(fields=["created_at"], name="suggestion_open", condition=Q(status="open"))
        ]

    def __str__(self):
        return self.needed[:60]

    def clean(self):
        if self.status == SuggestionStatus.ADDED and not self.resource_id:
            raise ValidationError({"resource": "Choose the resource that was added for it."})
