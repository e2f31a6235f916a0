"""The states of a sharing request, apart from the models so that the permission rules
(sharing.permissions) can name them without importing the models that call those rules."""

from django.db import models


class State(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    EXECUTED = "executed", "Executed"
    EXPIRED = "expired", "Expired"
    TERMINATED = "terminated", "Terminated"
    CLOSED = "closed", "Closed (destruction certified)"


AGREEMENT_STATES = [State.EXECUTED, State.EXPIRED, State.TERMINATED, State.CLOSED]
# States in which a request waits on someone's next step (the home page's "waiting on you").
OPEN_STATES = [
    State.DRAFT,
    State.SUBMITTED,
    State.IN_REVIEW,
    State.CHANGES_REQUESTED,
    State.APPROVED,
]
# What waits on a sharing reviewer (sharing.selectors.waiting_on); the work queue's index.
REVIEW_STATES = [State.SUBMITTED, State.IN_REVIEW, State.APPROVED]
