"""Agencies moved to the accounts app: the foreign keys now name accounts.Agency. State only: the table they point at
was renamed in place (accounts 0002), and PostgreSQL keeps the constraints on it."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_tables_renamed"),
        ("assessments", "0009_drop_survey_results_version"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="agencygroup",
                    name="agencies",
                    field=models.ManyToManyField(
                        blank=True, related_name="assessment_groups", to="accounts.agency"
                    ),
                ),
                migrations.AlterField(
                    model_name="response",
                    name="agency",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="assessment_responses",
                        to="accounts.agency",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
