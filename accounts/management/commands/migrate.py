"""Django's migrate, which first adopts a database made before people moved to `accounts`.

Such a database has applied migrations (admin 0001, assessments 0001...) that now depend
on accounts 0001, which it never recorded, and Django refuses to migrate an inconsistent
history. accounts 0001 only declares models on tables the database already has (it runs
no SQL), so recording it as applied is exactly what running it would do. Remove this
command once every database has migrated past accounts 0002.
"""

from django.core.management.commands import migrate
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder

ADOPTED = ("accounts", "0001_initial")
ITS_DEPENDENCY = ("hub", "0001_initial")


def adopt_accounts(connection) -> bool:
    """Record accounts 0001 on a database that has hub 0001 but not it; True if it did."""
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return False
    applied = recorder.applied_migrations()
    if ITS_DEPENDENCY in applied and ADOPTED not in applied:
        recorder.record_applied(*ADOPTED)
        return True
    return False


class Command(migrate.Command):
    def handle(self, *args, **options):
        if adopt_accounts(connections[options["database"]]) and options["verbosity"]:
            self.stdout.write("Recorded accounts.0001_initial: people now live in accounts.")
        super().handle(*args, **options)
