"""People and agencies move from `hub` to `accounts` without touching a row.

This first step only tells Django's migration state that `accounts.Agency` and
`accounts.User` exist, on the tables `hub` created (hub 0001); it changes nothing in the
database, which is why a database made before the move may record it as applied without
running it (accounts/management/commands/migrate.py does, once). It must run before any
migration that points at `settings.AUTH_USER_MODEL` (hub 0005 declares no such dependency).
0002 renames the tables.
"""

import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
from django.db import migrations, models

import accounts.models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("hub", "0001_initial"),
    ]
    run_before = [("hub", "0005_resources")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Agency",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("code", models.CharField(help_text="Short code, e.g. DSS.", max_length=16, unique=True)),
                        ("name", models.CharField(max_length=200, unique=True)),
                        ("active", models.BooleanField(default=True)),
                    ],
                    options={
                        "db_table": "hub_agency",
                        "verbose_name_plural": "agencies",
                        "ordering": ["name"],
                        "constraints": [models.CheckConstraint(condition=models.Q(("code__regex", "^[A-Z][A-Z0-9]*$")), name="agency_code_upper")],
                    },
                ),
                migrations.CreateModel(
                    name="User",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("password", models.CharField(max_length=128, verbose_name="password")),
                        ("last_login", models.DateTimeField(blank=True, null=True, verbose_name="last login")),
                        ("is_superuser", models.BooleanField(default=False, help_text="Designates that this user has all permissions without explicitly assigning them.", verbose_name="superuser status")),
                        ("first_name", models.CharField(blank=True, max_length=150, verbose_name="first name")),
                        ("last_name", models.CharField(blank=True, max_length=150, verbose_name="last name")),
                        ("is_staff", models.BooleanField(default=False, help_text="Designates whether the user can log into this admin site.", verbose_name="staff status")),
                        ("is_active", models.BooleanField(default=True, help_text="Designates whether this user should be treated as active. Unselect this instead of deleting accounts.", verbose_name="active")),
                        ("date_joined", models.DateTimeField(default=django.utils.timezone.now, verbose_name="date joined")),
                        ("email", models.EmailField(max_length=254, unique=True, verbose_name="email address")),
                        ("groups", models.ManyToManyField(blank=True, help_text="The groups this user belongs to. A user will get all permissions granted to each of their groups.", related_name="user_set", related_query_name="user", to="auth.group", verbose_name="groups")),
                        ("user_permissions", models.ManyToManyField(blank=True, help_text="Specific permissions for this user.", related_name="user_set", related_query_name="user", to="auth.permission", verbose_name="user permissions")),
                        ("agency", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="users", to="accounts.agency")),
                    ],
                    options={
                        "db_table": "hub_user",
                        "ordering": ["last_name", "first_name", "email"],
                        "constraints": [models.UniqueConstraint(django.db.models.functions.text.Lower("email"), name="user_email_ci_unique")],
                    },
                    managers=[
                        ("objects", accounts.models.UserManager()),
                    ],
                ),
            ],
            database_operations=[],
        ),
    ]
