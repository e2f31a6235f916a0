"""Writes with business rules for the hub: onboarding users."""

from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from accounts import invitations, roles
from accounts.models import Agency, User, UserManager
from config.csv_import import ErrorList, ImportRejected, read_rows

USER_COLUMNS = ["email", "first_name", "last_name", "agency", "group"]


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    invited: int = 0


def import_users(source) -> ImportSummary:
    """Create or update users from CSV; all-or-nothing, errors by line number.

    Each new user without a password is emailed a set-your-password invitation once the
    import has committed (a rejected or rolled-back import invites nobody).
    """
    agencies = {a.code.upper(): a for a in Agency.objects.all()}
    groups = {g.name: g for g in Group.objects.all()}
    errors = ErrorList()
    planned = []
    seen: dict[str, int] = {}
    for line, row in read_rows(source, USER_COLUMNS):
        email = UserManager.normalize_email(row["email"])
        try:
            validate_email(email)
        except ValidationError:
            errors.add(line, f"bad email {row['email']!r}")
        if email in seen:
            errors.add(line, f"email {email} repeats line {seen[email]}")
        seen[email] = line
        agency = agencies.get(row["agency"].upper())
        if agency is None:
            errors.add(line, f"unknown agency {row['agency']!r}")
        group_name = roles.group_for(row["group"])
        if group_name is None or group_name not in groups:
            errors.add(line, f"unknown group {row['group']!r}")
        if not row["first_name"] or not row["last_name"]:
            errors.add(line, "first_name and last_name are required")
        for column in ("email", "first_name", "last_name"):
            limit = User._meta.get_field(column).max_length
            if len(row[column]) > limit:
                errors.add(line, f"{column} is longer than {limit} characters")
            if any(ord(ch) < 32 for ch in row[column]):
                errors.add(line, f"{column} contains a control character")
        password = row.get("password", "")
        if password:
            try:
                validate_password(password, User(email=email))
            except ValidationError as exc:
                errors.add(line, "password: " + " ".join(exc.messages))
        planned.append((row, email, agency, group_name, password))
    errors.raise_if_any()
    if not settings.SITE_URL:
        known = set(User.objects.filter(email__in=seen).values_list("email", flat=True))
        if any(not password and email not in known for _r, email, _a, _g, password in planned):
            raise ImportRejected(
                [
                    "SITE_URL is not set, so the invitations to choose a password would "
                    "have no address to link to: set it to the site's address (such as "
                    "https://datahub.ct.gov) and import again. Nothing was imported."
                ]
            )

    summary = ImportSummary()
    with transaction.atomic():
        for row, email, agency, group_name, password in planned:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User(email=email)
                summary.created += 1
            else:
                summary.updated += 1
            user.first_name = row["first_name"]
            user.last_name = row["last_name"]
            user.agency = agency
            user.is_staff = user.is_staff or group_name in roles.STAFF_ROLES
            if password:
                user.set_password(password)
            elif not user.pk:
                user.set_unusable_password()
                summary.invited += 1
                transaction.on_commit(partial(invitations.send_invitation, user))
            user.save()
            user.groups.set([groups[group_name]])
    return summary
