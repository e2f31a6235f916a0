"""Ship the curated topic tags and give Hub curators the catalog's admin permissions."""

from django.db import migrations
from django.utils.text import slugify

CURATOR_PERMISSIONS = [
    f"{app}.{action}_{model}"
    for app, model in [("hub", "resource"), ("taggit", "tag"), ("hub", "watch")]
    for action in ("view", "add", "change", "delete")
] + ["hub.view_historicalresource"]


def create_topics(apps, schema_editor):
    from hub.roles import grant_permissions
    from hub.topics import TOPIC_TAGS

    Tag = apps.get_model("taggit", "Tag")
    for name in TOPIC_TAGS:
        if not Tag.objects.filter(name__iexact=name).exists():
            Tag.objects.create(name=name, slug=slugify(name))
    grant_permissions(apps, "Hub curators", CURATOR_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("hub", "0005_resources")]
    operations = [migrations.RunPython(create_topics, migrations.RunPython.noop)]
