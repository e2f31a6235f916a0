"""`seed_scale --datasets N`: realistic inventory entries across the agencies, for the site
search benchmark (20,000 datasets beside 100,000 resources)."""

import random

from django.db import connection, transaction
from django.utils import timezone
from taggit.models import Tag

from accounts.models import Agency
from inventory import services
from inventory.models import Classification, Dataset, UpdateFrequency
from sharing.models import DataCategory

BATCH = 2000
SUBJECTS = [
    "wage records", "unemployment claims", "Medicaid enrollment", "SNAP participation",
    "school enrollment", "graduation rates", "vital statistics", "motor vehicle registrations",
    "building permits", "water quality samples", "air quality readings", "court dispositions",
    "corrections population", "child welfare placements", "housing assistance", "broadband",
    "state payroll", "procurement contracts", "grant awards", "parcel boundaries",
    "traffic crashes", "hospital discharges", "opioid overdoses", "business registrations",
]  # fmt: skip
QUALIFIERS = ["by town", "by county", "monthly extract", "annual summary", "statewide",
              "by program", "de-identified", "geospatial layer", "by school district"]  # fmt: skip
SYSTEMS = ["ConneCT", "ImpaCT", "PSIS", "CVITAL", "Core-CT", "ArcGIS Online", "CTECS", "LINK"]
KEYWORDS = ["health", "education", "workforce", "safety", "environment", "finance", "gis",
            "transportation", "housing", "justice", "benefits", "demographics"]  # fmt: skip


def seed_datasets(count: int, stdout) -> None:
    rng = random.Random(21)  # nosec B311: deterministic benchmark data, not security
    agencies = list(Agency.objects.filter(active=True))
    categories = list(DataCategory.objects.all())
    frequencies = UpdateFrequency.values
    classifications = Classification.values
    start = Dataset.objects.count()
    made = 0
    today = timezone.localdate()
    while made < count:
        size = min(BATCH, count - made)
        with transaction.atomic():
            rows = []
            for i in range(size):
                n = start + made + i + 1
                subject, qualifier = rng.choice(SUBJECTS), rng.choice(QUALIFIERS)
                agency = rng.choice(agencies)
                high_value = rng.random() < 0.2
                rows.append(
                    Dataset(
                        agency=agency,
                        identifier=f"SCALE-{n:06d}",
                        title=f"{subject.capitalize()} {qualifier} ({agency.code} {n})",
                        description=f"{subject.capitalize()} kept by {agency.name}, {qualifier}.",
                        owner_name=f"Owner {agency.code}",
                        owner_email=f"data-{agency.code.lower()}@scale.ct.gov",
                        system=rng.choice(SYSTEMS),
                        classification=rng.choice(classifications),
                        high_value=high_value,
                        high_value_reason="Used statewide for planning." if high_value else "",
                        update_frequency=rng.choice(frequencies),
                        geographic_coverage="Connecticut",
                        formats=rng.choice(["CSV", "CSV; XLSX", "API", "Shapefile"]),
                        last_reviewed=today.replace(year=today.year - rng.choice([0, 0, 1])),
                    )
                )
            Dataset.objects.bulk_create(rows, batch_size=BATCH)
            Through = Dataset.categories.through
            Tagged = Dataset.keywords.through
            tags = {
                name: Tag.objects.get_or_create(name=name, defaults={"slug": name})[0]
                for name in KEYWORDS
            }
            links, tagged = [], []
            for d in rows:
                for c in rng.sample(categories, k=min(len(categories), rng.randint(1, 2))):
                    links.append(Through(dataset_id=d.pk, datacategory_id=c.pk))
                for name in rng.sample(KEYWORDS, k=2):
                    tagged.append(Tagged(content_object_id=d.pk, tag_id=tags[name].pk))
            Through.objects.bulk_create(links, batch_size=BATCH)
            Tagged.objects.bulk_create(tagged, batch_size=BATCH)
            services.refresh_search([d.pk for d in rows])
        made += size
        stdout.write(f"  {made} datasets")
    # Fresh statistics, so the planner reads the search through its GIN index at once.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE inventory_dataset; ANALYZE inventory_taggeddataset")
