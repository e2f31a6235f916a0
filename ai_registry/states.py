"""The states of an AI use case's review, apart from the models so that the permission rules
(ai_registry.permissions) can name them without importing the models that call those rules."""

from django.db import models


class State(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    APPROVED_WITH_CONDITIONS = "approved_with_conditions", "Approved with conditions"
    NOT_APPROVED = "not_approved", "Not approved"


# Approved use cases are visible to every signed-in user; the others only to their agencies,
# the AI reviewers and the curators.
APPROVED_STATES = [State.APPROVED, State.APPROVED_WITH_CONDITIONS]
# What waits on an AI reviewer.
REVIEW_STATES = [State.SUBMITTED, State.IN_REVIEW]


class Stage(models.TextChoices):
    IDEA = "idea", "Idea"
    PILOT = "pilot", "Pilot"
    PRODUCTION = "production", "In production"
    RETIRED = "retired", "Retired"


class Kind(models.TextChoices):
    GENERATIVE_TEXT = "generative_text", "Generative text"
    CLASSIFICATION = "classification", "Classification or scoring"
    FORECASTING = "forecasting", "Forecasting"
    DOCUMENT_PROCESSING = "document_processing", "Document processing"
    COMPUTER_VISION = "computer_vision", "Computer vision"
    SPEECH = "speech", "Speech and translation"
    OTHER = "other", "Other"


class Sourcing(models.TextChoices):
    IN_HOUSE = "in_house", "Built in-house"
    VENDOR = "vendor", "From a vendor"


class RiskTier(models.TextChoices):
    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    HIGH = "high", "High"


class Participation(models.TextChoices):
    INTERESTED = "interested", "Interested"
    PARTNERING = "partnering", "Partnering"
