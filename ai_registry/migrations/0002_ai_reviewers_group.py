"""The AI reviewers role (the AI advisory group): its group, and the use cases in the admin
(read only) for them and for the hub curators."""

from django.db import migrations

READ_ONLY = ["usecase", "usecaselog", "usecaseagency"]


def grant(apps, schema_editor):
    from accounts.roles import AI_REVIEWERS, HUB_CURATORS, grant_permissions

    codenames = [f"ai_registry.view_{model}" for model in READ_ONLY]
    grant_permissions(apps, AI_REVIEWERS, codenames)
    grant_permissions(apps, HUB_CURATORS, codenames)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="AI reviewers").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("ai_registry", "0001_initial"),
        ("accounts", "0005_api_tokens"),
        ("sharing", "0016_request_outside_approvals"),
    ]
    operations = [migrations.RunPython(grant, remove_group)]
