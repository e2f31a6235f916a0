from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import Agency
from inventory import services
from inventory.models import Dataset
from sharing.models import DataCategory

DEMO = [
    ("DOL", "UI-WAGE", "Unemployment insurance wage records", "confidential",
     ["ui_wage_records"], ["wages", "workforce"], "quarterly", ""),
    ("DOL", "LAUS", "Local area unemployment statistics", "public", [], ["labor", "unemployment"],
     "monthly", "https://data.ct.gov/"),
    ("DSS", "SNAP-PART", "SNAP participation by town", "internal", [], ["benefits", "snap"],
     "monthly", ""),
    ("DSS", "MEDICAID-ELIG", "Medicaid eligibility and enrollment", "restricted", [],
     ["health", "medicaid"], "monthly", ""),
    ("OPM", "GRANTS", "State grant awards", "public", [], ["finance", "grants"], "annual",
     "https://data.ct.gov/"),
]  # fmt: skip


class Command(BaseCommand):
    help = "Create a few demo inventory datasets for the demo agencies (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        made = 0
        for code, identifier, title, classification, cats, words, frequency, url in DEMO:
            agency = Agency.objects.filter(code=code).first()
            if agency is None:
                continue
            dataset, created = Dataset.objects.get_or_create(
                agency=agency,
                identifier=identifier,
                defaults={
                    "title": title,
                    "description": f"{title}, kept by {agency.name}.",
                    "classification": classification,
                    "owner_name": f"{agency.code} data owner",
                    "owner_email": f"data-{agency.code.lower()}@demo.ct.gov",
                    "update_frequency": frequency,
                    "access_url": url,
                    "geographic_coverage": "Connecticut",
                    "last_reviewed": timezone.localdate(),
                },
            )
            if created:
                dataset.categories.set(DataCategory.objects.filter(key__in=cats))
                dataset.keywords.set(words)
                services.refresh_search([dataset.pk])
                made += 1
        self.stdout.write(f"{made} demo dataset(s) created.")
