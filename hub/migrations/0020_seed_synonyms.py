"""The first synonyms and acronyms (curators edit them in the admin), and the curators'
permissions on synonyms and on resource suggestions."""

from django.db import migrations

SYNONYMS = {
    "law": "legal",
    "ferpa": "education records",
    "phi": "health information",
    "gis": "geospatial",
}


def seed(apps, schema_editor):
    from hub.roles import HUB_CURATORS, grant_permissions

    SearchSynonym = apps.get_model("hub", "SearchSynonym")
    for term, expansion in SYNONYMS.items():
        SearchSynonym.objects.get_or_create(term=term, defaults={"expansion": expansion})
    grant_permissions(
        apps,
        HUB_CURATORS,
        [f"hub.{action}_searchsynonym" for action in ("view", "add", "change", "delete")]
        + [f"hub.{action}_resourcesuggestion" for action in ("view", "change")],
    )


def unseed(apps, schema_editor):
    apps.get_model("hub", "SearchSynonym").objects.filter(term__in=SYNONYMS).delete()


class Migration(migrations.Migration):
    dependencies = [("hub", "0019_search_synonyms_and_suggestions")]
    operations = [migrations.RunPython(seed, unseed)]
