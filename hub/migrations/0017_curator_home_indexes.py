"""Partial indexes for the curators' home page: broken links and overdue reviews."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("hub", "0016_admin_labels_and_help"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="resource",
            index=models.Index(
                condition=models.Q(
                    ("status", "published"),
                    models.Q(
                        ("link_status__gte", 400),
                        models.Q(("link_error", ""), _negated=True),
                        _connector="OR",
                    ),
                ),
                fields=["link_checked_at", "title"],
                name="resource_broken_link",
            ),
        ),
        migrations.AddIndex(
            model_name="resource",
            index=models.Index(
                condition=models.Q(("status", "archived"), _negated=True),
                fields=["review_by", "title"],
                name="resource_review_by",
            ),
        ),
    ]
