"""A few demo AI use cases across the demo agencies, in several review states (idempotent).

Run by `make setup` after seed_demo (which makes the AI reviewer demo user); skips at once
when the demo use cases exist.
"""

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import roles
from accounts.models import Agency, User
from ai_registry import services, workflow
from ai_registry.models import UseCase
from sharing.models import DataCategory

DEMO_PREFIX = "[Demo]"
LOW = {
    "decision_role": "none",
    "reversibility": "easily",
    "people_affected": "most",
    "personal_data": "none",
    "vulnerable_groups": "no",
    "explainability": "yes",
}
HIGH = {
    "decision_role": "assists",
    "reversibility": "hard",
    "people_affected": "most",
    "personal_data": "sensitive",
    "vulnerable_groups": "yes",
    "explainability": "partly",
}

# (title, owner agency, stage, kind, answers, joined: [(agency, role)],
#  steps: [(who, action, comment)])
DEMOS = [
    (
        "Chatbot answering unemployment insurance questions",
        "DOL",
        "production",
        "generative_text",
        LOW,
        [("DSS", "interested")],
        [
            ("owner", "submit", ""),
            ("reviewer", "approve_with_conditions", "Show a notice that answers are AI-made."),
        ],
    ),
    (
        "Forecasting weekly unemployment claim volumes",
        "DOL",
        "production",
        "forecasting",
        LOW,
        [],
        [("owner", "submit", ""), ("reviewer", "approve", "")],
    ),
    (
        "Reading scanned SNAP application documents",
        "DSS",
        "pilot",
        "document_processing",
        HIGH,
        [("DOL", "partnering")],
        [("owner", "submit", "")],
    ),
    (
        "Risk scoring of benefit claims for fraud review",
        "DSS",
        "idea",
        "classification",
        HIGH,
        [],
        [],
    ),
]


class Command(BaseCommand):
    help = "Create a few demo AI use cases (idempotent)."

    def handle(self, *args, **options):
        if UseCase.objects.filter(title__startswith=DEMO_PREFIX).exists():
            self.stdout.write("Demo AI use cases exist already.")
            return
        reviewer = User.objects.filter(email="ai-reviewer@demo.ct.gov").first()
        if reviewer is None:
            self.stdout.write("Run seed_demo first (it makes the AI reviewer demo user).")
            return
        owners = {"DOL": self._officer("officer@demo.ct.gov", "DOL")}
        owners["DSS"] = self._officer("officer.dss@demo.ct.gov", "DSS")
        categories = list(DataCategory.objects.order_by("key")[:2])
        with transaction.atomic():
            for title, agency, stage, kind, answers, joined, steps in DEMOS:
                owner = owners[agency]
                use_case = services.register(
                    owner,
                    {
                        "title": f"{DEMO_PREFIX} {title}",
                        "purpose": f"{title}: to serve residents faster (demo data).",
                        "stage": stage,
                        "kind": kind,
                        "data_description": "Program records of the agency (demo).",
                        "affected_people": "Residents who apply for the program.",
                        "human_oversight": "Staff review every output before it is used.",
                        "evaluation_monitoring": "Accuracy and bias checked every quarter.",
                        "contact_name": f"{agency} AI lead (demo)",
                        "contact_email": f"ai.{agency.lower()}@demo.ct.gov",
                        "internal_notes": "Demo internal note: never exported.",
                    },
                    categories,
                )
                services.save_assessment(
                    use_case,
                    owner,
                    answers,
                    safeguards="A person decides every case; monthly bias tests.",
                    notice_and_appeal="Applicants are told and may ask for a human review.",
                )
                for code, role in joined:
                    services.join(use_case, owners[code], role)
                for who, action, comment in steps:
                    actor = owner if who == "owner" else reviewer
                    version = UseCase.objects.get(pk=use_case.pk).version
                    workflow.apply_transition(
                        use_case.pk, actor, action, version=version, comment=comment, notify=False
                    )
        self.stdout.write(f"Created {len(DEMOS)} demo AI use cases.")

    def _officer(self, email, code):
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "agency": Agency.objects.get(code=code),
                "first_name": "Demo",
                "last_name": f"Officer ({code})",
            },
        )
        if created:
            user.set_unusable_password()
            user.save()
        user.groups.add(Group.objects.get(name=roles.DATA_OFFICERS))
        return User.objects.signed_in().get(pk=user.pk)
