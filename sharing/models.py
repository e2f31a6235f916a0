"""Guidance library (content as data) and sharing requests with their lifecycle records.

The guidance rows are reference data shipped by migration 0002 and edited by curators in
the admin; every change is kept by django-simple-history. A request's state changes only
through sharing/workflow.py; what the guidance advises for it is sharing/advisor.py's.
"""

from functools import reduce
from operator import add

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from accounts.models import Agency
from hub.protected_files import unguessable_name
from sharing.states import AGREEMENT_STATES, OPEN_STATES, REVIEW_STATES, State


def search_vector(*weighted):
    """The site search's vector of a guidance row (hub.site_search): fields with weights,
    'english' stemming. The same expression is GIN-indexed (Meta.indexes)."""
    return reduce(add, [SearchVector(f, weight=w, config="english") for f, w in weighted])


CATEGORY_VECTOR = search_vector(("name", "A"), ("description", "B"))
AGREEMENT_TYPE_VECTOR = search_vector(("name", "A"), ("description", "B"))
CLAUSE_VECTOR = search_vector(("title", "A"), ("text", "B"), ("required_by", "C"))
FRAMEWORK_VECTOR = search_vector(
    ("name", "A"), ("citation", "A"), ("summary", "B"), ("holders", "C"), ("disclosure", "C")
)


class Identifiability(models.TextChoices):
    IDENTIFIED = "identified", "Identified (record-level with identifiers)"
    DEIDENTIFIED = "deidentified", "De-identified (record-level, identifiers removed)"
    AGGREGATE = "aggregate", "Aggregate (counts and statistics)"


class DataCategory(models.Model):
    """A kind of data the law treats in one way; `key` is stable (used by the advisor API)."""

    key = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "data categories"
        indexes = [GinIndex(CATEGORY_VECTOR, name="category_search")]

    def __str__(self):
        return self.name


class AgreementType(models.Model):
    """MOU, DSA, DUA, BAA, QSOA or none; `rank` orders them from least to most demanding."""

    key = models.SlugField(max_length=20, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    rank = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["rank"]
        indexes = [GinIndex(AGREEMENT_TYPE_VECTOR, name="agreement_type_search")]

    def __str__(self):
        return self.name


class Clause(models.Model):
    """One item of the standard data sharing agreement clause checklist."""

    key = models.SlugField(max_length=40, unique=True)
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=160)
    text = models.TextField()
    required_by = models.CharField(max_length=300, blank=True, help_text="Laws that require it.")
    model_wording = models.TextField(
        blank=True,
        help_text="The clause as the agreement draft words it. Fill-ins in braces are completed "
        "from the request: {providing_agency}, {receiving_agency}, {purpose}, "
        "{legal_authority}, {data_description}, {transfer_method}, {storage_security}, "
        "{destruction}, {term}.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        indexes = [GinIndex(CLAUSE_VECTOR, name="clause_search")]

    def __str__(self):
        return f"{self.number}. {self.title}"


class LegalFramework(models.Model):
    """A law or rule governing some data, with when it allows sharing and what it demands."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    citation = models.CharField(max_length=300)
    official_url = models.URLField("official link", max_length=300)
    summary = models.TextField(help_text="Plain-language summary.")
    holders = models.TextField("data and typical holders", blank=True)
    disclosure = models.TextField("when disclosure to another agency is allowed", blank=True)
    agreement_contents = models.TextField("what the agreement must contain", blank=True)
    categories = models.ManyToManyField(DataCategory, blank=True, related_name="frameworks")
    required_clauses = models.ManyToManyField(Clause, blank=True, related_name="frameworks")
    needs_counsel_confirmation = models.BooleanField(
        default=False, help_text="The whole entry awaits confirmation by counsel."
    )
    counsel_note = models.TextField(
        blank=True, help_text="Points shown as 'to be confirmed by counsel'."
    )
    history = HistoricalRecords(m2m_fields=[categories, required_clauses])

    class Meta:
        ordering = ["name"]
        indexes = [GinIndex(FRAMEWORK_VECTOR, name="framework_search")]

    def __str__(self):
        return self.name


class Outcome(models.TextChoices):
    """The advisor's answer in one phrase, from the least to the most demanding."""

    NONE = "none", "No agreement needed"
    AGREEMENT = "agreement", "Agreement needed"
    OUTSIDE_APPROVAL = "outside_approval", "Needs outside approval"
    REFER_COUNSEL = "refer_counsel", "Usually declined: refer to counsel"


# How demanding each outcome is: the strictest outcome among the rules sets the floor.
OUTCOME_SEVERITY = {
    Outcome.NONE: 0,
    Outcome.AGREEMENT: 1,
    Outcome.OUTSIDE_APPROVAL: 2,
    Outcome.REFER_COUNSEL: 3,
}


class OutsideApproval(models.TextChoices):
    """Approvals from outside the two agencies (fact base, lifecycle stage 5)."""

    IRS_NOTICE = "irs_notice", "IRS 45-day notice (contractors and federal tax information)"
    DATA_INTEGRITY_BOARD = "data_integrity_board", "Federal Data Integrity Board approval"
    P20_WIN_BOARD = "p20_win_board", "P20 WIN Data Governing Board approval"
    IRB = "irb", "Institutional review board (IRB) approval"


class DecisionRule(models.Model):
    """What sharing one category at one identifiability needs; the strictest rule wins."""

    category = models.ForeignKey(DataCategory, on_delete=models.CASCADE, related_name="rules")
    identifiability = models.CharField(max_length=20, choices=Identifiability.choices)
    frameworks = models.ManyToManyField(LegalFramework, blank=True, related_name="rules")
    agreement_type = models.ForeignKey(AgreementType, on_delete=models.PROTECT)
    clauses = models.ManyToManyField(Clause, blank=True, related_name="rules")
    strictness = models.PositiveSmallIntegerField(help_text="Higher governs combined requests.")
    reason = models.TextField()
    flag = models.CharField(max_length=300, blank=True, help_text="A warning to show.")
    outcome = models.CharField(
        max_length=20,
        choices=Outcome.choices,
        default=Outcome.AGREEMENT,
        help_text="The answer's headline; the strictest outcome of a combined request wins.",
    )
    approval = models.CharField(
        max_length=30,
        choices=OutsideApproval.choices,
        blank=True,
        help_text="The outside approval this case always needs, if any.",
    )
    history = HistoricalRecords(m2m_fields=[frameworks, clauses])

    class Meta:
        ordering = ["category__name", "identifiability"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "identifiability"], name="sharing_rule_one_per_case"
            ),
            models.CheckConstraint(
                condition=Q(identifiability__in=Identifiability.values),
                name="sharing_rule_identifiability_valid",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values), name="sharing_rule_outcome_valid"
            ),
            models.CheckConstraint(
                condition=Q(approval="") | Q(approval__in=OutsideApproval.values),
                name="sharing_rule_approval_valid",
            ),
            # "Needs outside approval" names the approval.
            models.CheckConstraint(
                condition=~Q(outcome=Outcome.OUTSIDE_APPROVAL) | ~Q(approval=""),
                name="sharing_rule_outside_approval_named",
            ),
        ]

    def __str__(self):
        return f"{self.category} ({self.get_identifiability_display()})"


class Frequency(models.TextChoices):
    ONE_TIME = "one_time", "One time"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Annually"
    ONGOING = "ongoing", "Ongoing (real time or on demand)"


class SharingRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        from sharing.permissions import visible_requests_filter

        return self.filter(visible_requests_filter(user))

    def agreements(self):
        """Requests that became agreements (executed at some point)."""
        return self.filter(state__in=AGREEMENT_STATES)


class SharingRequest(models.Model):
    """One agency asking another for data; becomes the agreement once executed."""

    title = models.CharField(max_length=200)
    requesting_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="sharing_requests_made"
    )
    providing_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="sharing_requests_received"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sharing_requests"
    )
    purpose = models.TextField(blank=True)
    legal_authority = models.TextField(blank=True)
    categories = models.ManyToManyField(DataCategory, blank=True, related_name="requests")
    data_elements = models.TextField(blank=True)
    identifiability = models.CharField(
        max_length=20, choices=Identifiability.choices, default=Identifiability.IDENTIFIED
    )
    frequency = models.CharField(max_length=20, choices=Frequency.choices, blank=True)
    storage_security = models.TextField("storage and security", blank=True)
    retention_destruction = models.TextField("retention and destruction", blank=True)
    contractor_involved = models.BooleanField(
        "a contractor or vendor will handle the data", default=False
    )
    # Facts that bring an approval from outside the two agencies (sharing.advisor).
    federal_match = models.BooleanField(
        "federal records are matched with the state's (a computer matching program)",
        default=False,
        help_text="Such as SSA, CMS or SAVE records: a Data Integrity Board approves the match.",
    )
    research = models.BooleanField(
        "the data are for research",
        default=False,
        help_text="Research with record-level data needs an institutional review board (IRB).",
    )
    term_months = models.PositiveSmallIntegerField("term (months)", null=True, blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sharing_assignments",
        help_text="The sharing reviewer who has taken the request.",
    )
    version = models.PositiveIntegerField(default=1, help_text="Bumped on every change.")
    submitted_at = models.DateTimeField(null=True, blank=True)
    effective_date = models.DateField(null=True, blank=True)
    expiry_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SharingRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["state", "-updated_at"], name="sharing_req_state_upd"),
            models.Index(fields=["requesting_agency", "-updated_at"], name="sharing_req_reqag"),
            models.Index(fields=["providing_agency", "-updated_at"], name="sharing_req_provag"),
            models.Index(fields=["-updated_at", "-id"], name="sharing_req_updated"),
            models.Index(fields=["state", "expiry_date"], name="sharing_req_state_exp"),
            # The reviewers' work queue, newest first: its first page read from the index.
            models.Index(
                fields=["-updated_at", "-id"],
                condition=Q(state__in=REVIEW_STATES),
                name="sharing_req_review_queue",
            ),
            # The reviewers' work queue by waiting time, longest first.
            models.Index(
                fields=["submitted_at", "id"],
                condition=Q(state__in=REVIEW_STATES),
                name="sharing_req_waiting",
            ),
            # The home page's counts read these small indexes only, never the whole table.
            models.Index(
                fields=["state", "requesting_agency", "providing_agency"],
                condition=Q(state__in=OPEN_STATES),
                name="sharing_req_open",
            ),
            models.Index(
                fields=["expiry_date"],
                include=["requesting_agency", "providing_agency"],
                condition=Q(state=State.EXECUTED),
                name="sharing_req_executed_exp",
            ),
            # The overlap warning: agreements in force between two agencies, either way (two
            # probes; at 20,000 requests it read 7,000 index entries without it).
            models.Index(
                fields=["requesting_agency", "providing_agency"],
                condition=Q(state=State.EXECUTED),
                name="sharing_req_executed_pair",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=State.values), name="sharing_request_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(identifiability__in=Identifiability.values),
                name="sharing_request_identifiability_valid",
            ),
            models.CheckConstraint(
                condition=~Q(requesting_agency=models.F("providing_agency")),
                name="sharing_request_two_agencies",
            ),
            models.CheckConstraint(
                condition=Q(expiry_date__isnull=True)
                | Q(effective_date__isnull=True)
                | Q(expiry_date__gt=models.F("effective_date")),
                name="sharing_request_expiry_after_effective",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=[State.EXECUTED, State.EXPIRED, State.CLOSED])
                | Q(effective_date__isnull=False, expiry_date__isnull=False),
                name="sharing_request_executed_has_dates",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.title}"


class TransitionLog(models.Model):
    """One step of a request's lifecycle: who moved it, when, from where to where, and why."""

    request = models.ForeignKey(SharingRequest, on_delete=models.CASCADE, related_name="logs")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    action = models.CharField(max_length=40)
    from_state = models.CharField(max_length=20, choices=State.choices)
    to_state = models.CharField(max_length=20, choices=State.choices)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["request", "created_at"], name="sharing_log_req")]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_state__in=State.values) & Q(to_state__in=State.values),
                name="sharing_log_states_valid",
            )
        ]

    def __str__(self):
        return f"{self.request_id}: {self.from_state} -> {self.to_state}"


# A request's contents as a version freezes them, in the order the comparison shows them.
VERSIONED_FIELDS = [
    ("title", "Short title"),
    ("purpose", "Purpose"),
    ("legal_authority", "Legal authority or exception"),
    ("categories", "Data categories"),
    ("data_elements", "Data elements"),
    ("identifiability", "Identifiability"),
    ("frequency", "Frequency"),
    ("storage_security", "Storage and security"),
    ("retention_destruction", "Retention and destruction"),
    ("contractor_involved", "Contractor or vendor"),
    ("federal_match", "Matched with federal records"),
    ("research", "For research"),
    ("term_months", "Term (months)"),
]


class RequestVersion(models.Model):
    """The request's contents as submitted (or resubmitted): frozen, numbered from 1.

    `contents` holds each of VERSIONED_FIELDS as the text the page shows (labels, not codes),
    so a later change of a category's name does not rewrite what was submitted.
    """

    request = models.ForeignKey(SharingRequest, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    action = models.CharField(max_length=40)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    contents = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["request", "number"]
        constraints = [
            models.UniqueConstraint(fields=["request", "number"], name="sharing_version_once"),
            models.CheckConstraint(condition=Q(number__gte=1), name="sharing_version_from_1"),
        ]

    def __str__(self):
        return f"#{self.request_id} version {self.number}"


class RequestComment(models.Model):
    request = models.ForeignKey(SharingRequest, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Comment by {self.author} on #{self.request_id}"


def attachment_path(instance, filename):
    """Not the request's id nor the uploaded name: /media/ is not served, and a path that
    could be guessed must not matter if a proxy ever serves it (the name shown is `name`)."""
    return unguessable_name("sharing/requests", filename)


class AttachmentKind(models.TextChoices):
    SIGNED_AGREEMENT = "signed_agreement", "Signed agreement"
    SECURITY_PLAN = "security_plan", "Security plan"
    DATA_DICTIONARY = "data_dictionary", "Data dictionary"
    DESTRUCTION_CERTIFICATE = "destruction_certificate", "Destruction certificate"
    SUPPORTING = "supporting", "Other document"


class RequestAttachment(models.Model):
    """A file on a request; served only through a permission-checked view.

    `kind` tells the signed agreement (which marking a request executed requires) from the
    supporting documents.
    """

    request = models.ForeignKey(
        SharingRequest, on_delete=models.CASCADE, related_name="attachments"
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    file = models.FileField(upload_to=attachment_path, max_length=300)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    kind = models.CharField(
        max_length=30, choices=AttachmentKind.choices, default=AttachmentKind.SUPPORTING
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AttachmentKind.values), name="sharing_attachment_kind_valid"
            )
        ]

    def __str__(self):
        return self.name


class DestructionMethod(models.TextChoices):
    SECURE_DELETION = "secure_deletion", "Secure deletion (overwriting) of electronic files"
    CRYPTOGRAPHIC_ERASURE = "cryptographic_erasure", "Cryptographic erasure (keys destroyed)"
    PHYSICAL_DESTRUCTION = "physical_destruction", "Physical destruction of media (shredding)"
    DEGAUSSING = "degaussing", "Degaussing"
    RETURNED = "returned", "Returned to the providing agency, no copies kept"
    OTHER = "other", "Other (describe)"


def certificate_path(instance, filename):
    return unguessable_name("sharing/destruction", filename)


class DestructionCertificate(models.Model):
    """The receiving agency's certificate that the shared data were destroyed (close-out).

    Certified by a data officer of the requesting (receiving) agency with the signed PDF;
    verified by a sharing reviewer, whose verification closes the agreement.
    """

    request = models.OneToOneField(
        SharingRequest, on_delete=models.CASCADE, related_name="destruction_certificate"
    )
    destroyed_on = models.DateField("date of destruction")
    method = models.CharField(max_length=30, choices=DestructionMethod.choices)
    method_other = models.CharField("other method", max_length=300, blank=True)
    official_name = models.CharField("name of the certifying official", max_length=200)
    official_title = models.CharField("title of the certifying official", max_length=200)
    file = models.FileField(upload_to=certificate_path, max_length=300)
    file_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    certified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    certified_at = models.DateTimeField(auto_now_add=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(method__in=DestructionMethod.values),
                name="sharing_destruction_method_valid",
            ),
            models.CheckConstraint(
                condition=~Q(method=DestructionMethod.OTHER) | ~Q(method_other=""),
                name="sharing_destruction_other_described",
            ),
            models.CheckConstraint(
                condition=Q(verified_by__isnull=True, verified_at__isnull=True)
                | Q(verified_by__isnull=False, verified_at__isnull=False),
                name="sharing_destruction_verified_by_and_at",
            ),
        ]

    def __str__(self):
        return f"Destruction certificate for #{self.request_id}"

    @property
    def method_text(self) -> str:
        if self.method == DestructionMethod.OTHER:
            return f"Other: {self.method_other}"
        return self.get_method_display()


class ReminderSent(models.Model):
    """What send_sharing_reminders already sent, so a re-run sends nothing twice."""

    request = models.ForeignKey(SharingRequest, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=30)
    key = models.CharField(max_length=40, help_text="The date the reminder is about.")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "kind", "key"], name="sharing_reminder_once")
        ]

    def __str__(self):
        return f"{self.kind} for #{self.request_id}"
