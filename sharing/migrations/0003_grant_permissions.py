"""Hub curators edit the guidance library in the admin and can read requests there."""

from django.db import migrations

GUIDANCE = ["datacategory", "agreementtype", "clause", "legalframework", "decisionrule"]
READ_ONLY = ["sharingrequest", "transitionlog", "requestcomment", "requestattachment"]


def grant(apps, schema_editor):
    from hub.roles import HUB_CURATORS, grant_permissions

    codenames = [
        f"sharing.{action}_{model}"
        for model in GUIDANCE
        for action in ("view", "add", "change", "delete")
    ] + [f"sharing.view_{model}" for model in READ_ONLY]
    grant_permissions(apps, HUB_CURATORS, codenames)


class Migration(migrations.Migration):
    dependencies = [("sharing", "0002_load_guidance"), ("hub", "0003_create_role_groups")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
