"""The public entries as a DCAT-US 1.1 catalog (Project Open Data metadata schema v1.1), the
`data.json` that data.ct.gov and data.gov harvest. Only active PUBLIC datasets appear."""

import mimetypes

from inventory.models import Classification, Dataset, DatasetStatus

CONFORMS_TO = "https://project-open-data.cio.gov/v1.1/schema"
# Formats named in the inventory that mean a file to download, with their media types.
MEDIA_TYPES = {
    "csv": "text/csv",
    "json": "application/json",
    "xml": "application/xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "zip": "application/zip",
}


def public_datasets():
    return (
        Dataset.objects.filter(classification=Classification.PUBLIC, status=DatasetStatus.ACTIVE)
        .select_related("agency", "owner", "steward")
        .prefetch_related("keywords", "categories")
        .order_by("agency__code", "identifier")
    )


def _distribution(dataset) -> list[dict]:
    url = dataset.access_url
    if not url:
        return []
    media_type = mimetypes.guess_type(url.split("?")[0])[0]
    extension = url.split("?")[0].rsplit(".", 1)[-1].lower()
    media_type = MEDIA_TYPES.get(extension) or (
        media_type if "." in url.rsplit("/", 1)[-1] else None
    )
    if media_type:  # a file: a download with its media type
        return [{"@type": "dcat:Distribution", "downloadURL": url, "mediaType": media_type}]
    return [{"@type": "dcat:Distribution", "accessURL": url, "title": dataset.title}]


def dataset_entry(dataset, base_url: str) -> dict:
    name, email = dataset.steward_contact
    if not email:
        name, email = dataset.owner_contact
    keywords = (
        sorted(t.name for t in dataset.keywords.all())
        or sorted(c.name for c in dataset.categories.all())
        or [dataset.agency.name]
    )
    entry = {
        "@type": "dcat:Dataset",
        "title": dataset.title,
        "description": dataset.description or dataset.title,
        "keyword": keywords,
        "modified": (dataset.last_reviewed or dataset.updated_at.date()).isoformat(),
        "publisher": {"@type": "org:Organization", "name": dataset.agency.name},
        "contactPoint": {
            "@type": "vcard:Contact",
            "fn": name or email,
            "hasEmail": f"mailto:{email}",
        },
        "identifier": f"{base_url}/inventory/{dataset.pk}/",
        "accessLevel": "public",
    }
    if dataset.accrual_periodicity:
        entry["accrualPeriodicity"] = dataset.accrual_periodicity
    if dataset.temporal_coverage:
        entry["temporal"] = dataset.temporal_coverage
    if dataset.geographic_coverage:
        entry["spatial"] = dataset.geographic_coverage
    distribution = _distribution(dataset)
    if distribution:
        entry["distribution"] = distribution
    if dataset.access_url:
        entry["landingPage"] = dataset.access_url
    return entry


def catalog(base_url: str) -> dict:
    entries = []
    for dataset in public_datasets():
        name, email = dataset.steward_contact
        if not email and not dataset.owner_contact[1]:
            continue  # without a contact email the entry would not be valid DCAT-US
        entries.append(dataset_entry(dataset, base_url))
    return {
        "@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
        "@type": "dcat:Catalog",
        "conformsTo": CONFORMS_TO,
        "describedBy": "https://project-open-data.cio.gov/v1.1/schema/catalog.json",
        "dataset": entries,
    }
