from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import roles
from accounts.models import Agency, User

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105  # nosec B105 (local demo accounts only)

DEMO_USERS = [
    ("leader@demo.ct.gov", "Lee", "Leader", "DSS", roles.AGENCY_LEADERS),
    ("officer@demo.ct.gov", "Olivia", "Officer", "DOL", roles.DATA_OFFICERS),
    ("reviewer@demo.ct.gov", "Rafael", "Reviewer", "OPM", roles.SHARING_REVIEWERS),
    ("curator@demo.ct.gov", "Carmen", "Curator", "OPM", roles.HUB_CURATORS),
    ("ai-reviewer@demo.ct.gov", "Ada", "Reviewer", "OPM", roles.AI_REVIEWERS),
]


class Command(BaseCommand):
    help = "Create (or reset) one demo user per role, and print their logins."

    @transaction.atomic
    def handle(self, *args, **options):
        for email, first, last, agency_code, group_name in DEMO_USERS:
            user, _ = User.objects.get_or_create(email=email)
            user.first_name, user.last_name = first, last
            user.agency = Agency.objects.get(code=agency_code)
            user.is_staff = group_name in roles.STAFF_ROLES
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.set([Group.objects.get(name=group_name)])
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for email, _first, _last, agency_code, group_name in DEMO_USERS:
            label = roles.ROLE_LABELS[group_name]
            self.stdout.write(f"  {email:<24} {label:<18} {agency_code}")
