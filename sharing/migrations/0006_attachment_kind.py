"""Attachments say whether they are the signed agreement (which marking executed needs)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sharing", "0005_data_versions_and_task_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="requestattachment",
            name="kind",
            field=models.CharField(
                choices=[
                    ("supporting", "Supporting document"),
                    ("signed_agreement", "Signed agreement"),
                ],
                default="supporting",
                max_length=20,
            ),
        ),
        migrations.AddConstraint(
            model_name="requestattachment",
            constraint=models.CheckConstraint(
                condition=models.Q(("kind__in", ["supporting", "signed_agreement"])),
                name="sharing_attachment_kind_valid",
            ),
        ),
    ]
