"""Curators read the record of the scheduled jobs' runs in the admin (procrastinate's jobs
and their events: when, how long, result, errors)."""

from django.db import migrations

from accounts import roles


def grant(apps, schema_editor):
    roles.grant_permissions(
        apps,
        roles.HUB_CURATORS,
        ["procrastinate.view_procrastinatejob", "procrastinate.view_procrastinateevent"],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_tables_renamed"),
        ("procrastinate", "0041_post_retry_failed_job"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
