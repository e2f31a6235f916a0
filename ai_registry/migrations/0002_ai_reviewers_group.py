"""The AI reviewers role (the AI advisory group): its group, and the use cases in the admin
(read only) for them and for the hub curators."""

from django.db import migrations

READ_ONLY = ["usecase", "usecaselog", "usecaseagency"]


def grant(apps, schema_editor):
    from accounts.roles import AI_REVIEWERS, HUB_CURATORS, grant_permissions

    codenames = [f"ai_registry.view_{model}" for model in READ_ONLY]
    grant_permissions(apps, AI_REVIEWERS, codenames)
    grant_permissions(apps, HUB_CURATORS, codenames)


class Migration(migrations.Migration):
    dependencies = [
        ("ai_registry", "0001_initial"),
        ("accounts", "0005_api_tokens"),
        ("sharing", "0016_request_outside_approvals"),
    ]
    # Unapplied, the group stays (as the other role migrations' groups do): deleting it here
    # would collect its members and permissions through models of another migration state.
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
