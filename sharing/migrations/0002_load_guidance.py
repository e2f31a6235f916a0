"""Ship the guidance library (frameworks, categories, agreement types, clauses, rules)."""

from django.db import migrations


def load(apps, schema_editor):
    from sharing.guidance_loader import load_guidance

    load_guidance(lambda name: apps.get_model("sharing", name))


class Migration(migrations.Migration):
    dependencies = [("sharing", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
