"""Agencies moved to the accounts app: the foreign keys now name accounts.Agency. State only: the table they point at
was renamed in place (accounts 0002), and PostgreSQL keeps the constraints on it."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_tables_renamed"),
        ("sharing", "0007_drop_data_versions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="sharingrequest",
                    name="providing_agency",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="sharing_requests_received",
                        to="accounts.agency",
                    ),
                ),
                migrations.AlterField(
                    model_name="sharingrequest",
                    name="requesting_agency",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="sharing_requests_made",
                        to="accounts.agency",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
