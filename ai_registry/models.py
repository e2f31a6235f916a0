"""Responsible-AI use cases of the agencies, their review log and the agencies that joined them.

A use case's state changes only through ai_registry/workflow.py; its impact assessment's
questions are data (ai_registry/data/impact_assessment.yaml, read by ai_registry.impact).
"""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from accounts.models import Agency
from ai_registry.states import Kind, Participation, RiskTier, Sourcing, Stage, State
from sharing.models import DataCategory


class UseCaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        from ai_registry.permissions import visible_filter

        return self.filter(visible_filter(user))


class UseCase(models.Model):
    title = models.CharField(max_length=200)
    purpose = models.TextField("problem and purpose")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="ai_use_cases")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ai_use_cases"
    )
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.IDEA)
    kind = models.CharField("kind of AI", max_length=30, choices=Kind.choices)
    sourcing = models.CharField(
        "vendor or in-house", max_length=20, choices=Sourcing.choices, default=Sourcing.IN_HOUSE
    )
    vendor_name = models.CharField(max_length=200, blank=True)
    data_categories = models.ManyToManyField(
        DataCategory, blank=True, related_name="ai_use_cases", verbose_name="data categories"
    )
    # The inventory's entries it uses, where they exist (the use case's own agency's).
    datasets = models.ManyToManyField(
        "inventory.Dataset", blank=True, related_name="ai_use_cases", verbose_name="datasets"
    )
    data_description = models.TextField(
        "the data it uses", blank=True, help_text="Datasets, sources and how the data flow."
    )
    affected_people = models.TextField("who is affected", blank=True)
    affects_rights = models.BooleanField("affects people's rights", default=False)
    affects_benefits = models.BooleanField("affects people's access to benefits", default=False)
    affects_safety = models.BooleanField("affects people's safety", default=False)
    human_oversight = models.TextField(blank=True)
    evaluation_monitoring = models.TextField("evaluation and monitoring", blank=True)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_email_public = models.BooleanField(
        "the contact's email may be published", default=False
    )
    internal_notes = models.TextField(blank=True, help_text="Never published or exported.")
    open_to_partners = models.BooleanField(
        "let other agencies find it at intake and join it",
        default=True,
        help_text="Other agencies starting a similar use case see its title and agency.",
    )
    # The impact assessment: the answers (question key -> option key) and their result.
    impact_answers = models.JSONField(default=dict, blank=True)
    impact_score = models.PositiveSmallIntegerField(null=True, blank=True)
    risk_tier = models.CharField(max_length=10, choices=RiskTier.choices, blank=True)
    # Required when the risk tier is high (workflow.missing_intake).
    safeguards = models.TextField(
        "extra safeguards", blank=True, help_text="Bias testing, human review of every decision…"
    )
    notice_and_appeal = models.TextField(
        "notice, explanation and appeal",
        blank=True,
        help_text="How affected people are told, and how they contest an outcome.",
    )
    state = models.CharField(max_length=30, choices=State.choices, default=State.DRAFT)
    conditions = models.TextField(blank=True, help_text="The reviewers' conditions of approval.")
    version = models.PositiveIntegerField(default=1, help_text="Bumped on every change.")
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config="english")
        + SearchVector("purpose", weight="B", config="english")
        + SearchVector("data_description", "affected_people", weight="C", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = UseCaseQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["search_vector"], m2m_fields=[data_categories, datasets]
    )

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="ai_usecase_search_gin"),
            models.Index(fields=["state", "-updated_at"], name="ai_usecase_state_upd"),
            models.Index(fields=["agency", "-updated_at"], name="ai_usecase_agency_upd"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=State.values), name="ai_usecase_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(stage__in=Stage.values), name="ai_usecase_stage_valid"
            ),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="ai_usecase_kind_valid"),
            models.CheckConstraint(
                condition=Q(sourcing__in=Sourcing.values), name="ai_usecase_sourcing_valid"
            ),
            models.CheckConstraint(
                condition=Q(risk_tier="") | Q(risk_tier__in=RiskTier.values),
                name="ai_usecase_risk_tier_valid",
            ),
        ]

    def __str__(self):
        return f"AI-{self.pk} {self.title}"

    @property
    def is_approved(self) -> bool:
        return self.state in (State.APPROVED, State.APPROVED_WITH_CONDITIONS)


class UseCaseLog(models.Model):
    """One step of a use case's review: who moved it, when, from where to where, and why."""

    use_case = models.ForeignKey(UseCase, on_delete=models.CASCADE, related_name="logs")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    action = models.CharField(max_length=40)
    from_state = models.CharField(max_length=30, choices=State.choices)
    to_state = models.CharField(max_length=30, choices=State.choices)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["use_case", "created_at"], name="ai_log_usecase")]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_state__in=State.values) & Q(to_state__in=State.values),
                name="ai_log_states_valid",
            )
        ]

    def __str__(self):
        return f"{self.use_case_id}: {self.from_state} -> {self.to_state}"


class UseCaseAgency(models.Model):
    """An agency that joined a use case (besides the owning agency), once per use case."""

    use_case = models.ForeignKey(UseCase, on_delete=models.CASCADE, related_name="participants")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="ai_participations")
    role = models.CharField(max_length=20, choices=Participation.choices)
    joined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["use_case", "agency"], name="ai_participation_once"),
            models.CheckConstraint(
                condition=Q(role__in=Participation.values), name="ai_participation_role_valid"
            ),
        ]
        indexes = [models.Index(fields=["agency", "use_case"], name="ai_participation_agency")]

    def __str__(self):
        return f"{self.agency} ({self.get_role_display()}) on AI-{self.use_case_id}"
