"""Store every user's email trimmed and lower-case, and hold it so in the database.

Emails were unique whatever their case, but could be stored with capitals or spaces around
them. Two rows that become the same address once trimmed and lower-cased are two accounts
that one person may own; which to keep is a decision for an administrator, so the migration
stops and names them instead of merging them.
"""

from collections import defaultdict

import django.db.models.functions.text
from django.db import migrations, models


def normalize_emails(apps, schema_editor):
    User = apps.get_model("hub", "User")
    by_address = defaultdict(list)
    for pk, email in User.objects.values_list("pk", "email"):
        by_address[email.strip().lower()].append((pk, email))
    twins = {address: rows for address, rows in by_address.items() if len(rows) > 1}
    if twins:
        listing = "; ".join(
            f"{address}: " + ", ".join(f"id {pk} {email!r}" for pk, email in rows)
            for address, rows in sorted(twins.items())
        )
        raise RuntimeError(
            "Some users' emails differ only by letter case or spaces, so they cannot all be "
            f"stored trimmed and lower-case. Merge or rename these accounts first: {listing}"
        )
    for address, [(pk, email)] in by_address.items():
        if email != address:
            User.objects.filter(pk=pk).update(email=address)


class Migration(migrations.Migration):
    dependencies = [
        ("hub", "0012_title_search_index"),
    ]

    operations = [
        migrations.RunPython(normalize_emails, migrations.RunPython.noop),
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
    ]
