"""sharing_dataversion: a version per group of tables that the database bumps, in the same
transaction, on every statement writing one of them, so pages cached under it
(sharing.page_cache) never outlive their data, whatever wrote it (app, admin, raw SQL).

Statement-level triggers: a bulk insert bumps once. A writing transaction holds its group's
row until it commits, so sharing writes queue there briefly. Transitions and wizard saves
lock their request FOR NO KEY UPDATE, so a comment or file committing meanwhile (its foreign
key check takes a key-share lock on the request) is not deadlocked against them.
Also the two partial indexes the home page's counts read.
"""

from django.conf import settings
from django.db import migrations, models

# Each statement that writes one of these tables bumps its group's row of
# sharing_dataversion in the same transaction (see sharing.page_cache).
GUIDANCE_TABLES = [
    "sharing_legalframework",
    "sharing_legalframework_categories",
    "sharing_legalframework_required_clauses",
    "sharing_datacategory",
    "sharing_agreementtype",
    "sharing_clause",
    "sharing_decisionrule",
    "sharing_decisionrule_frameworks",
    "sharing_decisionrule_clauses",
]
REQUEST_TABLES = [
    "sharing_sharingrequest",
    "sharing_sharingrequest_categories",
    "sharing_transitionlog",
    "sharing_requestcomment",
    "sharing_requestattachment",
    "hub_agency",  # codes and names on every sharing page
]
# Names of actors, authors and uploaders on the request page (not last_login and the like).
USER_NAME_COLUMNS = "first_name, last_name, email"

BUMP_FUNCTION = """
CREATE FUNCTION sharing_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO sharing_dataversion (name, counter, changed_at)
    VALUES (TG_ARGV[0], 1, clock_timestamp())
    ON CONFLICT (name) DO UPDATE
        SET counter = sharing_dataversion.counter + 1, changed_at = clock_timestamp();
    RETURN NULL;
END
$$;
INSERT INTO sharing_dataversion (name, counter, changed_at)
VALUES ('guidance', 1, clock_timestamp()), ('requests', 1, clock_timestamp());
"""


def _trigger(table, group, events="INSERT OR UPDATE OR DELETE OR TRUNCATE"):
    return (
        f"CREATE TRIGGER sharing_version AFTER {events} ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION sharing_bump_data_version('{group}');"
    )


CREATE_TRIGGERS = "\n".join(
    [_trigger(t, "guidance") for t in GUIDANCE_TABLES]
    + [_trigger(t, "requests") for t in REQUEST_TABLES]
    + [_trigger("hub_user", "requests", f"UPDATE OF {USER_NAME_COLUMNS} OR DELETE OR TRUNCATE")]
)
DROP_TRIGGERS = "\n".join(
    f"DROP TRIGGER sharing_version ON {t};" for t in [*GUIDANCE_TABLES, *REQUEST_TABLES, "hub_user"]
)


class Migration(migrations.Migration):
    dependencies = [
        ("hub", "0009_resource_slug_not_reserved"),
        ("sharing", "0004_contractor_involved"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("name", models.CharField(max_length=20, primary_key=True, serialize=False)),
                ("counter", models.BigIntegerField(default=0)),
                ("changed_at", models.DateTimeField()),
            ],
        ),
        migrations.AddIndex(
            model_name="sharingrequest",
            index=models.Index(
                condition=models.Q(
                    (
                        "state__in",
                        ["draft", "submitted", "in_review", "changes_requested", "approved"],
                    )
                ),
                fields=["state", "requesting_agency", "providing_agency"],
                name="sharing_req_open",
            ),
        ),
        migrations.AddIndex(
            model_name="sharingrequest",
            index=models.Index(
                condition=models.Q(("state", "executed")),
                fields=["expiry_date"],
                include=("requesting_agency", "providing_agency"),
                name="sharing_req_executed_exp",
            ),
        ),
        migrations.RunSQL(BUMP_FUNCTION, "DROP FUNCTION sharing_bump_data_version();"),
        migrations.RunSQL(CREATE_TRIGGERS, DROP_TRIGGERS),
    ]
