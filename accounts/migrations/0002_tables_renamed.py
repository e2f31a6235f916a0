"""The tables of people and agencies take the accounts app's names, in place: every row,
password hash, group membership and foreign key stays (PostgreSQL renames a table and its
many-to-many tables without copying them). Their content types move too, so permissions
granted on them (curators may change agencies) and admin history follow."""

import django.db.models.functions.text
from django.db import migrations, models

MOVED = ("user", "agency")


def move_content_types(apps, schema_editor, source="hub", target="accounts"):
    """Give each moved model's content type the new app label. Where one already exists
    under it (a new database: migrations that grant permissions create every model's), the
    grants and admin history of the old one move to it and the old one goes."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    GroupGrant = apps.get_model("auth", "Group").permissions.through
    UserGrant = apps.get_model("accounts", "User").user_permissions.through
    LogEntry = apps.get_model("admin", "LogEntry")
    for model in MOVED:
        old = ContentType.objects.filter(app_label=source, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label=target, model=model).first()
        if new is None:
            old.app_label = target
            old.save(update_fields=["app_label"])
            continue
        for permission in Permission.objects.filter(content_type=old):
            twin, _ = Permission.objects.get_or_create(
                content_type=new, codename=permission.codename, defaults={"name": permission.name}
            )
            GroupGrant.objects.filter(permission=permission).exclude(
                group__in=GroupGrant.objects.filter(permission=twin).values("group")
            ).update(permission=twin)
            UserGrant.objects.filter(permission=permission).exclude(
                user__in=UserGrant.objects.filter(permission=twin).values("user")
            ).update(permission=twin)
        LogEntry.objects.filter(content_type=old).update(content_type=new)
        old.delete()


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, source="accounts", target="hub")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("hub", "0014_resource_file_unguessable"),
        ("assessments", "0009_drop_survey_results_version"),
        ("sharing", "0007_drop_data_versions"),
    ]

    operations = [
        # hub 0013 added this constraint to the table while its state was hub's.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddConstraint(
                    model_name="user",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            (
                                "email",
                                django.db.models.functions.text.Lower(
                                    django.db.models.functions.text.Trim("email")
                                ),
                            )
                        ),
                        name="user_email_normalized",
                    ),
                ),
            ],
            database_operations=[],
        ),
        # Before the renames: deleting an old content type cascades through the historical
        # hub.User's many-to-many tables, which must still have their old names.
        migrations.RunPython(move_content_types, move_content_types_back),
        migrations.AlterModelTable(name="agency", table=None),
        migrations.AlterModelTable(name="user", table=None),
    ]
