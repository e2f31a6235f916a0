"""People and agencies now live in the accounts app: hub's migration state lets go of them.

State only: their tables were renamed in place (accounts 0002) and keep every row; the
resource's provider points at the same table under its new name."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_tables_renamed"),
        ("hub", "0014_resource_file_unguessable"),
        ("assessments", "0010_agency_in_accounts"),
        ("sharing", "0008_agency_in_accounts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="resource",
                    name="provider",
                    field=models.ForeignKey(
                        blank=True,
                        help_text="The agency that provides or maintains the resource.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="resources",
                        to="accounts.agency",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalresource",
                    name="provider",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="The agency that provides or maintains the resource.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="accounts.agency",
                    ),
                ),
                migrations.RemoveField(
                    model_name="user",
                    name="agency",
                ),
                migrations.RemoveField(
                    model_name="user",
                    name="groups",
                ),
                migrations.RemoveField(
                    model_name="user",
                    name="user_permissions",
                ),
                migrations.DeleteModel(
                    name="Agency",
                ),
                migrations.DeleteModel(
                    name="User",
                ),
            ],
            database_operations=[],
        ),
    ]
