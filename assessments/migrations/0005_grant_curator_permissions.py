"""Hub curators manage surveys, agency groups and responses in the admin (README)."""

from django.db import migrations

MODELS = ["survey", "scale", "option", "section", "question", "item", "agencygroup"]
MODELS += ["response", "answer"]


def grant(apps, schema_editor):
    from hub.roles import HUB_CURATORS, grant_permissions

    grant_permissions(
        apps,
        HUB_CURATORS,
        [
            f"assessments.{action}_{model}"
            for model in MODELS
            for action in ("view", "add", "change", "delete")
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0004_answer_fits_question"),
        ("hub", "0003_create_role_groups"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
