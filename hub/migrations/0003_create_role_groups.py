"""Create the four role groups; each app's later migrations grant its own permissions."""

from django.db import migrations

GROUPS = ["Agency leaders", "Data officers", "Sharing reviewers", "Hub curators"]
CURATOR_PERMISSIONS = ["hub.view_agency", "hub.add_agency", "hub.change_agency", "hub.view_user"]


def create_groups(apps, schema_editor):
    from hub.roles import grant_permissions

    Group = apps.get_model("auth", "Group")
    for name in GROUPS:
        Group.objects.get_or_create(name=name)
    grant_permissions(apps, "Hub curators", CURATOR_PERMISSIONS)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("hub", "0002_load_agencies"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_groups, remove_groups)]
