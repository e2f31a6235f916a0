"""The hub topic the Hiring page lists ("hiring data talent"), for installs whose topics were
shipped before it, and Hub curators' permissions to edit the hiring toolkit (issue 22).

No content here on purpose: production starts without samples (seed_hiring_demo loads them).
"""

from django.db import migrations
from django.utils.text import slugify

MODELS = [
    "jobclassification",
    "jobposting",
    "interviewkit",
    "interviewquestion",
    "program",
    "partnerschool",
    "competingguidance",
]


def create_topic_and_grant(apps, schema_editor):
    from accounts.roles import HUB_CURATORS, grant_permissions
    from hiring.topics import HIRING_TOPIC

    Tag = apps.get_model("taggit", "Tag")
    if not Tag.objects.filter(name__iexact=HIRING_TOPIC).exists():
        Tag.objects.create(name=HIRING_TOPIC, slug=slugify(HIRING_TOPIC))
    codenames = [
        f"hiring.{action}_{model}"
        for model in MODELS
        for action in ("view", "add", "change", "delete")
    ]
    codenames += [f"hiring.view_historical{model}" for model in MODELS]
    grant_permissions(apps, HUB_CURATORS, codenames)


class Migration(migrations.Migration):
    dependencies = [
        ("hiring", "0001_initial"),
        ("hub", "0006_topic_tags"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]
    operations = [migrations.RunPython(create_topic_and_grant, migrations.RunPython.noop)]
