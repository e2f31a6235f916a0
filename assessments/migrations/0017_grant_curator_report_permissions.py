"""Hub curators write the leadership report's narrative and read the reminders sent, in
the admin (issue 18)."""

from django.db import migrations


def grant(apps, schema_editor):
    from accounts.roles import HUB_CURATORS, grant_permissions

    codenames = [
        f"assessments.{action}_reportnarrative" for action in ("view", "add", "change", "delete")
    ]
    codenames += ["assessments.view_sentreminder", "assessments.view_publishedfigure"]
    grant_permissions(apps, HUB_CURATORS, codenames)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0016_report_narrative")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
