"""Load Connecticut's executive-branch agencies from the project's copy of the list."""

import csv
from pathlib import Path

from django.db import migrations

AGENCIES_CSV = Path(__file__).resolve().parent.parent / "data" / "ct_agencies.csv"


def load_agencies(apps, schema_editor):
    Agency = apps.get_model("hub", "Agency")
    with open(AGENCIES_CSV, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            Agency.objects.update_or_create(
                code=row["code"].strip(), defaults={"name": row["name"].strip(), "active": True}
            )


class Migration(migrations.Migration):
    dependencies = [("hub", "0001_initial")]
    operations = [migrations.RunPython(load_agencies, migrations.RunPython.noop)]
