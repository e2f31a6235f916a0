"""One row per run of a user-started background task (jobs.services)."""

from django.conf import settings
from django.db import models


class TaskRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=60)  # a key of jobs.registry
    title = models.CharField(max_length=200)  # what the status page calls it
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="task_runs"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    params = models.JSONField(default=dict, blank=True)
    # What the task reads (an uploaded file) and what it makes: private storage, never served
    # at a URL; the result leaves only through the starter's download view.
    input_file = models.FileField(upload_to="tasks/input", blank=True)
    result_file = models.FileField(upload_to="tasks/results", blank=True)
    result_name = models.CharField(max_length=200, blank=True)  # the download's file name
    result_content_type = models.CharField(max_length=100, blank=True)
    result_link = models.CharField(max_length=300, blank=True)  # a page showing the result
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)  # the failure's reason, as the starter reads it
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)  # the last progress written
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["started_by", "-created_at"])]

    def __str__(self):
        return f"{self.title} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        return min(100, self.done * 100 // self.total) if self.total else 0
