"""A questionnaire as data (survey, sections, questions, items, scales) and the answers.

Invariants live in the database: one response per respondent per survey, known states,
one answer per question (and item) per response, an answer holds exactly one value.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accounts.models import Agency
from accounts.roles import is_curator


class AgencyGroup(models.Model):
    """A curator-defined set of agencies (e.g. health and human services) for breakdowns."""

    name = models.CharField(max_length=120, unique=True)
    agencies = models.ManyToManyField(Agency, related_name="assessment_groups", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Survey(models.Model):
    """One questionnaire for one plan cycle; `key` names it in URLs and files."""

    key = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    cycle = models.CharField(max_length=20, help_text="Plan cycle, e.g. 2024.")
    opens = models.DateField(null=True, blank=True)
    closes = models.DateField(null=True, blank=True)
    reminder_days = models.CharField(
        max_length=60,
        blank=True,
        help_text="Reminder schedule: days before closing, comma-separated (e.g. 14,7,2). "
        "send_survey_reminders emails the agencies that have not submitted.",
    )
    baseline = models.BooleanField(
        default=False,
        help_text="A published baseline: the report's figures only (PublishedFigure), no "
        "responses; its results show those figures and it takes no answers.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-cycle", "key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens__isnull=True)
                | Q(closes__isnull=True)
                | Q(closes__gte=models.F("opens")),
                name="survey_closes_after_opens",
            ),
            models.CheckConstraint(
                condition=Q(reminder_days__regex=r"^([0-9]{1,3}(,[0-9]{1,3})*)?$"),
                name="survey_reminder_days_list",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.cycle})"

    @property
    def reminder_steps(self) -> list[int]:
        """The schedule's days before closing, largest first (14, 7, 2)."""
        return sorted({int(d) for d in self.reminder_days.split(",") if d.strip()}, reverse=True)

    def is_open(self, today=None) -> bool:
        if self.baseline:
            return False
        today = today or timezone.localdate()
        return (self.opens is None or self.opens <= today) and (
            self.closes is None or today <= self.closes
        )


class Scale(models.Model):
    """The answer options shared by the questions of a survey that use it."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="scales")
    key = models.CharField(max_length=80)

    class Meta:
        ordering = ["survey", "key"]
        constraints = [models.UniqueConstraint(fields=["survey", "key"], name="scale_key_unique")]

    def __str__(self):
        return self.key


class Option(models.Model):
    """One answer on a scale; `group` is its report column, blank for "Not applicable"."""

    scale = models.ForeignKey(Scale, on_delete=models.CASCADE, related_name="options")
    key = models.CharField(max_length=80)
    label = models.CharField(max_length=200)
    group = models.CharField(max_length=80, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["scale", "position"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "key"], name="option_key_unique"),
        ]

    def __str__(self):
        return self.label


class Section(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=80)
    title = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["survey", "position"]
        constraints = [models.UniqueConstraint(fields=["survey", "key"], name="section_key_unique")]

    def __str__(self):
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE_CHOICE = "single_choice", "Single choice"
        LIKERT = "likert", "Likert statement"
        MATRIX = "matrix", "Matrix"
        RANKING = "ranking", "Ranking"
        TEXT = "text", "Text"

    SCALED = (Kind.SINGLE_CHOICE, Kind.LIKERT, Kind.MATRIX)
    WITH_ITEMS = (Kind.MATRIX, Kind.RANKING)

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    key = models.CharField(max_length=80)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField()
    scale = models.ForeignKey(
        Scale, on_delete=models.PROTECT, null=True, blank=True, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(default=0)
    profile_field = models.CharField(
        max_length=20,
        blank=True,
        choices=[("agency", "Agency"), ("role", "Role")],
        help_text="Answered from the respondent's profile instead of asked.",
    )
    required = models.BooleanField(
        default=False,
        help_text="A response cannot be submitted until this question is answered (every "
        "row of a matrix, at least one rank of a ranking).",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["survey", "section__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="question_key_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=["single_choice", "likert", "matrix", "ranking", "text"]),
                name="question_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["single_choice", "likert", "matrix"], scale__isnull=False)
                | Q(kind__in=["ranking", "text"], scale__isnull=True),
                name="question_scale_iff_scaled",
            ),
        ]

    def __str__(self):
        return self.key


class Item(models.Model):
    """A row of a matrix or an activity to rank; `hub_tags` link it to hub resources."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(max_length=80)
    text = models.CharField(max_length=300)
    short_label = models.CharField(
        max_length=60,
        blank=True,
        help_text='The report\'s short label ("Budget"), used in Top-5 lists and charts.',
    )
    position = models.PositiveSmallIntegerField(default=0)
    hub_tags = models.CharField(
        max_length=200, blank=True, help_text="Comma-separated hub resource tags."
    )

    class Meta:
        ordering = ["question", "position"]
        constraints = [models.UniqueConstraint(fields=["question", "key"], name="item_key_unique")]

    def __str__(self):
        return self.text

    @property
    def label(self) -> str:
        """The short label, or the full text when there is none."""
        return self.short_label or self.text

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.hub_tags.split(",") if t.strip()]


class PublishedFigure(models.Model):
    """One figure of a published report (a baseline cycle): a percentage per item and
    answer group, a count per answer, or a ranking's first-or-second share. A blank value
    is the report's "--" (not published)."""

    class Measure(models.TextChoices):
        PERCENT = "percent", "Percent"
        COUNT = "count", "Count"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="published")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="published")
    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, null=True, blank=True, related_name="published"
    )
    answer = models.CharField(max_length=200, help_text="An answer group or an answer label.")
    measure = models.CharField(max_length=10, choices=Measure.choices)
    value = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["survey", "question", "item", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "item", "answer", "measure"],
                nulls_distinct=False,
                name="published_figure_unique",
            ),
            models.CheckConstraint(
                condition=Q(measure__in=["percent", "count"]), name="published_measure_valid"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | ~Q(measure="percent") | Q(value__lte=100),
                name="published_percent_at_most_100",
            ),
        ]

    def __str__(self):
        return f"{self.question_id}/{self.item_id} {self.answer}: {self.value}"


class ReportNarrative(models.Model):
    """The leadership report's written parts, by curators in the admin (Markdown, sanitised
    when shown): successes themes, recommendations, discussion themes."""

    survey = models.OneToOneField(Survey, on_delete=models.CASCADE, related_name="narrative")
    successes = models.TextField(
        "successes themes", blank=True, help_text="Markdown: the themes of the successes."
    )
    recommendations = models.TextField(blank=True, help_text="Markdown.")
    discussion = models.TextField("discussion themes", blank=True, help_text="Markdown.")
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def __str__(self):
        return f"Report narrative of {self.survey}"


class SentReminder(models.Model):
    """One reminder email sent about a survey: to whom, for which agency, when, and for
    which step of the schedule (days before closing; blank for a curator's manual
    reminder). A step goes to a person once: the unique constraint makes a second run of
    send_survey_reminders (or two at once) skip it."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="reminders")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_reminders"
    )
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    step = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Days before closing; blank: sent by a curator."
    )
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "recipient", "step"],
                condition=Q(step__isnull=False),
                name="reminder_step_once_per_recipient",
            )
        ]

    def __str__(self):
        return f"{self.survey_id} {self.recipient_id} step {self.step}"


class ResponseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Curators see every response; others only their own agency's."""
        if is_curator(user):
            return self
        if not user.is_authenticated or user.agency_id is None:
            return self.none()
        return self.filter(agency_id=user.agency_id)

    def submitted(self):
        return self.filter(status=Response.Status.SUBMITTED)


class Response(models.Model):
    """One respondent's answers to one survey; a draft until submitted, then locked."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    class Role(models.TextChoices):
        LEADERSHIP = "leadership", "Agency leadership"
        DATA_OFFICER = "data_officer", "Agency data officer"
        OTHER = "other", "Other"

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessment_responses",
    )
    external_ref = models.CharField(
        max_length=200, blank=True, help_text="Respondent id or email of an imported response."
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="assessment_responses"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    last_section = models.CharField(
        max_length=80, blank=True, help_text="The section saved last: where answering resumes."
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["survey", "agency__code", "id"]
        indexes = [models.Index(fields=["survey", "status"], name="response_survey_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "respondent"],
                condition=Q(respondent__isnull=False),
                name="one_response_per_respondent",
            ),
            models.UniqueConstraint(
                fields=["survey", "external_ref"],
                condition=~Q(external_ref=""),
                name="one_response_per_external_ref",
            ),
            models.CheckConstraint(
                condition=Q(respondent__isnull=False) | ~Q(external_ref=""),
                name="response_has_respondent",
            ),
            models.CheckConstraint(
                condition=Q(status="draft", submitted_at__isnull=True)
                | Q(status="submitted", submitted_at__isnull=False),
                name="response_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(role__in=["leadership", "data_officer", "other"]),
                name="response_role_valid",
            ),
        ]

    def __str__(self):
        who = self.respondent or self.external_ref
        return f"{self.survey.key}: {who} ({self.agency.code})"

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.SUBMITTED


class Answer(models.Model):
    """One answer: an option (choice, likert, matrix item), a rank, or text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, null=True, blank=True, related_name="answers"
    )
    option = models.ForeignKey(
        Option, on_delete=models.PROTECT, null=True, blank=True, related_name="answers"
    )
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "item"],
                nulls_distinct=False,
                name="one_answer_per_question_item",
            ),
            models.CheckConstraint(
                condition=Q(option__isnull=False, rank__isnull=True, text="")
                | Q(option__isnull=True, rank__isnull=False, text="")
                | (Q(option__isnull=True, rank__isnull=True) & ~Q(text="")),
                name="answer_holds_one_value",
            ),
            models.CheckConstraint(
                condition=Q(rank__isnull=True) | Q(rank__gte=1), name="rank_positive"
            ),
            models.UniqueConstraint(
                fields=["response", "question", "rank"],
                condition=Q(rank__isnull=False),
                name="rank_once_per_question",
            ),
        ]

    def __str__(self):
        return f"answer {self.pk} to question {self.question_id}"


class AnswerTally(models.Model):
    """Submitted answers counted per agency, role and cell (question, item, option, rank).

    A materialized view (migration 0011), refreshed by aggregation.results_changed() in
    every transaction that changes the results: the results and breakdowns read a few
    thousand tallies instead of every answer joined to its response. Text answers are not
    counted.
    """

    # The cell's key, "survey/agency/role/question/item/option/rank" (blank where null): the
    # unique index REFRESH ... CONCURRENTLY matches old and new rows on.
    id = models.TextField(primary_key=True)
    survey = models.ForeignKey(
        Survey, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    role = models.CharField(max_length=20, choices=Response.Role.choices)
    question = models.ForeignKey(
        Question, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    item = models.ForeignKey(
        Item, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    option = models.ForeignKey(
        Option, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    rank = models.PositiveSmallIntegerField(null=True)
    n = models.BigIntegerField(help_text="Submitted answers with these values.")

    class Meta:
        managed = False
        db_table = "assessments_answer_tally"

    def __str__(self):
        return f"{self.n} answers to question {self.question_id}"
