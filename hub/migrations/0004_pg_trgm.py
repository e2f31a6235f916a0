"""pg_trgm powers typo-tolerant search (the embedded server has it; unaccent it has not)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("hub", "0003_create_role_groups")]
    operations = [TrigramExtension()]
