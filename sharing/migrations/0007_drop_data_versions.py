"""Drop sharing_dataversion and its 16 triggers: sharing pages are no longer cached under a
version the database keeps (the services renew config.cache_versions' SHARING instead).

CASCADE drops every trigger that calls the function, on whatever table it now sits (the
user table may have been renamed since 0005). The indexes 0005 added stay.
"""

from importlib import import_module

from django.db import migrations

added = import_module("sharing.migrations.0005_data_versions_and_task_indexes")


class Migration(migrations.Migration):
    dependencies = [("sharing", "0006_attachment_kind")]

    operations = [
        migrations.RunSQL(
            "DROP FUNCTION IF EXISTS sharing_bump_data_version() CASCADE;",
            # Reversed after DataVersion is back: the function, its rows, then the triggers.
            reverse_sql=[added.BUMP_FUNCTION, added.CREATE_TRIGGERS],
        ),
        migrations.DeleteModel(name="DataVersion"),
    ]
