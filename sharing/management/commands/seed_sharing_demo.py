"""A few demo sharing requests in various states between the demo agencies (idempotent).

Run by `make setup` after seed_demo; skips at once when the demo requests exist.
"""

import datetime

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import Agency, User
from sharing import services, workflow
from sharing.agreement_docx import build_agreement
from sharing.forms import ATTACHMENT_TYPES
from sharing.models import AttachmentKind, DataCategory, SharingRequest

DEMO_PREFIX = "[Demo]"

# (title, requester, provider, categories, identifiability, actions: (user, action, extra))
DEMOS = [
    (
        "UI wage records for the WIOA performance report",
        "DOL",
        "SDE",
        ["education_records"],
        "identified",
        [],
    ),
    (
        "Quarterly wage match for SNAP eligibility",
        "DSS",
        "DOL",
        ["ui_wage_records"],
        "identified",
        [("dss", "submit", {})],
    ),
    (
        "Medicaid enrollment counts by town",
        "DOL",
        "DSS",
        ["medicaid", "aggregate_public"],
        "aggregate",
        [
            ("officer", "submit", {}),
            (
                "reviewer",
                "request_changes",
                {"comment": "Say which towns and years, and the small-cell threshold."},
            ),
        ],
    ),
    (
        "Employment outcomes of CETCS graduates",
        "DOL",
        "CETCS",
        ["education_records", "ui_wage_records"],
        "identified",
        [
            ("officer", "submit", {}),
            ("reviewer", "approve", {}),
            ("reviewer", "mark_executed", {"effective": -300, "expiry": 60}),
        ],
    ),
    (
        "Child care subsidy and wage outcomes",
        "OEC",
        "DOL",
        ["ui_wage_records", "snap_tanf"],
        "deidentified",
        [
            ("oec", "submit", {}),
            (
                "reviewer",
                "reject",
                {"comment": "SNAP data cannot be used for this purpose; ask for aggregate data."},
            ),
        ],
    ),
]
"""`officer` is the demo data officer at DOL; other requesters use a demo officer made here."""


class Command(BaseCommand):
    help = "Create a few demo sharing requests (does nothing when they already exist)."

    def handle(self, *args, **options):
        if SharingRequest.objects.filter(title__startswith=DEMO_PREFIX).exists():
            self.stdout.write("Demo sharing requests already present.")
            return
        people = self._people()
        if people is None:
            self.stdout.write("Run seed_demo first: the demo users are missing.")
            return
        with transaction.atomic():
            for title, requester, provider, keys, identifiability, actions in DEMOS:
                self._make(people, title, requester, provider, keys, identifiability, actions)
        self.stdout.write(f"Created {len(DEMOS)} demo sharing requests.")

    def _people(self):
        found = {u.email: u for u in User.objects.filter(email__endswith="@demo.ct.gov")}
        if "officer@demo.ct.gov" not in found or "reviewer@demo.ct.gov" not in found:
            return None
        people = {
            "officer": found["officer@demo.ct.gov"],
            "reviewer": found["reviewer@demo.ct.gov"],
        }
        from django.contrib.auth.models import Group

        from accounts import roles

        group = Group.objects.get(name=roles.DATA_OFFICERS)
        for code in ("DSS", "OEC", "SDE", "CETCS"):
            user, created = User.objects.get_or_create(
                email=f"officer.{code.lower()}@demo.ct.gov",
                defaults={
                    "agency": Agency.objects.get(code=code),
                    "first_name": "Demo",
                    "last_name": f"Officer ({code})",
                },
            )
            if created:
                user.set_unusable_password()
                user.save()
            user.groups.add(group)
            people[code.lower()] = user
        return people

    def _make(self, people, title, requester, provider, keys, identifiability, actions):
        today = timezone.localdate()
        owner = people["officer"] if requester == "DOL" else people[requester.lower()]
        sr = services.create_request(
            owner,
            title=f"{DEMO_PREFIX} {title}",
            providing_agency=Agency.objects.get(code=provider),
        )
        sr.purpose = f"{title}: program evaluation under the state data plan."
        sr.legal_authority = "To be confirmed by counsel."
        sr.data_elements = "person identifier\nquarter\nindustry\nwages"
        sr.identifiability = identifiability
        sr.frequency = "quarterly"
        sr.storage_security = "Encrypted storage in the state data centre; named users only."
        sr.retention_destruction = "Destroyed at the end of the term; certificate to the provider."
        sr.term_months = 12
        sr.save()
        sr.categories.set(DataCategory.objects.filter(key__in=keys))
        for who, action, extra in actions:
            if action == "mark_executed":  # as a reviewer would: the signed copy first
                self._attach_signed_agreement(sr, people[who])
            sr.refresh_from_db()
            workflow.apply_transition(
                sr.pk,
                people[who],
                action,
                version=sr.version,
                comment=extra.get("comment", ""),
                effective_date=today + datetime.timedelta(days=extra["effective"])
                if "effective" in extra
                else None,
                expiry_date=today + datetime.timedelta(days=extra["expiry"])
                if "expiry" in extra
                else None,
                notify=False,
            )

    def _attach_signed_agreement(self, sr, user):
        """The generated agreement draft stands in for the copy both agencies signed."""
        upload = ContentFile(build_agreement(sr), name=f"signed-agreement-{sr.pk}.docx")
        upload.checked_content_type = ATTACHMENT_TYPES["docx"][0]
        services.add_attachment(sr, user, upload, kind=AttachmentKind.SIGNED_AGREEMENT)
