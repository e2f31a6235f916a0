"""The hiring toolkit's curated content (issue 22): job classifications, sample postings,
interview kits, internship and fellowship programs with their partner schools, and guidance
on competing with the private sector.

Curators edit every row in the admin; django-simple-history keeps each change. Nothing is
shipped by migration: a new install starts empty and `seed_hiring_demo` loads samples
(`is_sample`) that the pages mark until curators replace them with the state's own texts.
"""

from django.db import models
from simple_history.models import HistoricalRecords

SAMPLE_NOTICE = "Sample: curators must replace this with the state's official text."


class Role(models.TextChoices):
    """The roles a manager hires for, in the order the Hiring page offers them."""

    ANALYST = "analyst", "Data analyst"
    DATA_ENGINEER = "data-engineer", "Data engineer"
    DATA_SCIENTIST = "data-scientist", "Data scientist"


class CuratedContent(models.Model):
    is_sample = models.BooleanField(
        "sample text",
        default=False,
        help_text="Demo text the pages mark as a sample. Replace it with the state's official "
        "text, then clear this box.",
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order on the Hiring page (smallest first)."
    )

    class Meta:
        abstract = True


class JobClassification(CuratedContent):
    """A state job class (from the classification plan) that a data role is hired into."""

    role = models.CharField(max_length=20, choices=Role.choices)
    title = models.CharField(max_length=200)
    class_code = models.CharField(max_length=20, unique=True)
    salary_group = models.CharField(max_length=40, help_text="Salary group, e.g. MP-63.")
    typical_duties = models.TextField()
    minimum_qualifications = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "position", "title"]

    def __str__(self):
        return f"{self.title} ({self.class_code})"


class JobPosting(CuratedContent):
    """A sample job posting for a role, to copy and adapt."""

    role = models.CharField(max_length=20, choices=Role.choices)
    title = models.CharField(max_length=200)
    classification = models.ForeignKey(
        JobClassification,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="postings",
    )
    summary = models.TextField(help_text="The opening paragraph: the work and its mission.")
    responsibilities = models.TextField()
    qualifications = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "position", "title"]

    def __str__(self):
        return self.title


class InterviewKit(CuratedContent):
    """The interview questions for a role, with what a good answer shows."""

    role = models.CharField(max_length=20, choices=Role.choices)
    title = models.CharField(max_length=200)
    introduction = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "position", "title"]

    def __str__(self):
        return self.title


class InterviewQuestion(models.Model):
    kit = models.ForeignKey(InterviewKit, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    question = models.TextField()
    listen_for = models.TextField("what a good answer shows", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kit", "position", "pk"]

    def __str__(self):
        return self.question[:80]


class Program(CuratedContent):
    """An internship or fellowship program: a pipeline of candidates for every data role."""

    class Kind(models.TextChoices):
        INTERNSHIP = "internship", "Internship"
        FELLOWSHIP = "fellowship", "Fellowship"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField()
    url = models.URLField("web page", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class PartnerSchool(CuratedContent):
    """A college or university whose students reach agencies through the programs."""

    name = models.CharField(max_length=200)
    programs = models.ManyToManyField(Program, related_name="schools", blank=True)
    notes = models.TextField(blank=True, help_text="Degrees, contacts, how to reach students.")
    url = models.URLField("web page", blank=True)
    history = HistoricalRecords(m2m_fields=[programs])

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class CompetingGuidance(CuratedContent):
    """Guidance on competing with the private sector for data talent."""

    class Theme(models.TextChoices):
        FLEXIBLE_WORK = "flexible-work", "Flexible work"
        TRAINING = "training", "Training and growth"
        MISSION = "mission", "Mission and public service"
        PAY = "pay", "Pay and benefits"

    theme = models.CharField(max_length=20, choices=Theme.choices)
    title = models.CharField(max_length=200)
    body = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "title"]
        verbose_name = "guidance on competing with the private sector"
        verbose_name_plural = "guidance on competing with the private sector"

    def __str__(self):
        return self.title
