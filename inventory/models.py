"""The agencies' data inventory: one `Dataset` per entry, kept by the agency's data officers.

Invariants live in the database: one identifier per agency, a high-value flag needs its
reason, choices are checked. `search_vector` is kept by `inventory.services` (title A,
keywords B, description and system C) so the site search reads one GIN index.
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from hub.protected_files import unguessable_name


class Classification(models.TextChoices):
    PUBLIC = "public", "Public"
    INTERNAL = "internal", "Internal"
    CONFIDENTIAL = "confidential", "Confidential"
    RESTRICTED = "restricted", "Restricted"


# Classifications whose details only the owning agency, curators and parties to an
# executed agreement for the dataset may read.
PROTECTED_CLASSIFICATIONS = [Classification.CONFIDENTIAL, Classification.RESTRICTED]


class UpdateFrequency(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    SEMIANNUAL = "semiannual", "Twice a year"
    ANNUAL = "annual", "Annually"
    IRREGULAR = "irregular", "Irregular"


# DCAT-US accrualPeriodicity: an ISO 8601 repeating duration, or "irregular".
ACCRUAL_PERIODICITY = {
    UpdateFrequency.DAILY: "R/P1D",
    UpdateFrequency.WEEKLY: "R/P1W",
    UpdateFrequency.MONTHLY: "R/P1M",
    UpdateFrequency.QUARTERLY: "R/P3M",
    UpdateFrequency.SEMIANNUAL: "R/P6M",
    UpdateFrequency.ANNUAL: "R/P1Y",
    UpdateFrequency.IRREGULAR: "irregular",
}


class DatasetStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    RETIRED = "retired", "Retired"


class TaggedDataset(TaggedItemBase):
    """A direct tag link (like hub.TaggedResource), so keywords are a plain join."""

    content_object = models.ForeignKey(
        "inventory.Dataset", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="tagged_dataset_once")
        ]


def dictionary_file_path(instance, filename):
    """Unguessable: a confidential dataset's dictionary is served only after a check."""
    return unguessable_name("inventory", filename)


class DatasetQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=DatasetStatus.ACTIVE)

    def fields_visible_to(self, user):
        """Datasets whose details (not only the catalog line) the user may read."""
        from inventory.permissions import fields_visible_filter

        return self.filter(fields_visible_filter(user))


class Dataset(models.Model):
    """One entry of an agency's data inventory (CGS 4-67p's high value data inventory)."""

    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="datasets")
    identifier = models.CharField(
        max_length=100, help_text="The agency's own code for the dataset, unique in the agency."
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_datasets",
        verbose_name="data owner",
        help_text="A user of the hub, or give a name and email below.",
    )
    owner_name = models.CharField("data owner's name", max_length=200, blank=True)
    owner_email = models.EmailField("data owner's email", blank=True)
    steward = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="stewarded_datasets",
        verbose_name="data steward",
    )
    steward_name = models.CharField("data steward's name", max_length=200, blank=True)
    steward_email = models.EmailField("data steward's email", blank=True)
    system = models.CharField(max_length=200, blank=True, help_text="The system the data lives in.")
    categories = models.ManyToManyField(
        "sharing.DataCategory",
        blank=True,
        related_name="datasets",
        verbose_name="data categories",
        help_text="So the laws that govern the data are known.",
    )
    classification = models.CharField(
        max_length=16, choices=Classification.choices, default=Classification.INTERNAL
    )
    high_value = models.BooleanField("high-value dataset", default=False)
    high_value_reason = models.TextField("why it is high value", blank=True)
    update_frequency = models.CharField(max_length=16, choices=UpdateFrequency.choices, blank=True)
    temporal_coverage = models.CharField(
        max_length=100, blank=True, help_text="For example 2010-01-01/2025-12-31."
    )
    geographic_coverage = models.CharField(
        max_length=200, blank=True, help_text="For example Connecticut, by town."
    )
    formats = models.CharField(
        max_length=200, blank=True, help_text="Separated by semicolons: CSV; XLSX; API."
    )
    access_url = models.URLField(
        "public access URL",
        max_length=1000,
        blank=True,
        help_text="Where it is published, e.g. its data.ct.gov page.",
    )
    dictionary_file = models.FileField(
        "data dictionary (file)", upload_to=dictionary_file_path, blank=True, max_length=300
    )
    dictionary_fields = models.TextField(
        "data dictionary (fields)", blank=True, help_text="One field per line: name - meaning."
    )
    last_reviewed = models.DateField("last reviewed", null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=DatasetStatus.choices, default=DatasetStatus.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    search_vector = SearchVectorField(null=True, editable=False)
    # The sharing requests that name this dataset; declared here so sharing needs no import.
    requests = models.ManyToManyField(
        "sharing.SharingRequest",
        through="inventory.RequestedDataset",
        related_name="datasets",
        blank=True,
    )

    keywords = TaggableManager(through=TaggedDataset, blank=True, verbose_name="keywords")
    history = HistoricalRecords(excluded_fields=["search_vector"])

    objects = DatasetQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "identifier"], name="dataset_identifier_unique"
            ),
            models.CheckConstraint(
                condition=Q(classification__in=Classification.values),
                name="dataset_classification_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=DatasetStatus.values), name="dataset_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(update_frequency__in=[*UpdateFrequency.values, ""]),
                name="dataset_frequency_valid",
            ),
            models.CheckConstraint(
                condition=Q(high_value=False) | ~Q(high_value_reason=""),
                name="dataset_high_value_has_reason",
            ),
            models.CheckConstraint(condition=~Q(identifier=""), name="dataset_identifier_set"),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="dataset_search_gin"),
            models.Index(fields=["agency", "status", "last_reviewed"], name="dataset_review"),
            models.Index(fields=["classification", "title"], name="dataset_classification"),
        ]

    def __str__(self):
        return f"{self.title} ({self.agency.code})" if self.agency_id else self.title

    def get_absolute_url(self):
        return reverse("inventory:detail", args=[self.pk])

    @property
    def is_protected(self) -> bool:
        return self.classification in PROTECTED_CLASSIFICATIONS

    @property
    def accrual_periodicity(self) -> str:
        return ACCRUAL_PERIODICITY.get(self.update_frequency, "")

    @property
    def owner_contact(self) -> tuple[str, str]:
        if self.owner_id:
            return self.owner.get_full_name() or self.owner.email, self.owner.email
        return self.owner_name, self.owner_email

    @property
    def steward_contact(self) -> tuple[str, str]:
        if self.steward_id:
            return self.steward.get_full_name() or self.steward.email, self.steward.email
        return self.steward_name, self.steward_email

    @property
    def format_list(self) -> list[str]:
        return [f.strip() for f in self.formats.split(";") if f.strip()]


class RequestedDataset(models.Model):
    """A sharing request names an inventory dataset (the through table of Dataset.requests)."""

    request = models.ForeignKey(
        "sharing.SharingRequest", on_delete=models.CASCADE, related_name="dataset_links"
    )
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="request_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "dataset"], name="requested_dataset_once")
        ]

    def __str__(self):
        return f"request {self.request_id} names dataset {self.dataset_id}"


class ReviewReminder(models.Model):
    """One reminder email per data officer per period (a month), so the job can run again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=7, help_text="YYYY-MM")
    due_count = models.PositiveIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "period"], name="inventory_reminder_once")
        ]

    def __str__(self):
        return f"{self.user} {self.period}"
