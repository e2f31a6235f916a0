"""/inventory/data.json: DCAT-US 1.1 of the public entries, checked with jsonschema."""

import json
from pathlib import Path

import jsonschema
from django.urls import reverse

from tests.inventory.factories import DatasetFactory

SCHEMA = json.loads((Path(__file__).parent / "dcat_us_1_1.schema.json").read_text())


def _catalog(client):
    response = client.get(reverse("inventory:data_json"))
    assert response.status_code == 200
    return response.json()


def test_data_json_is_valid_dcat_us(client, dol, restricted):
    DatasetFactory(agency=dol, title="Labor force", access_url="https://data.ct.gov/d/abcd-1234")
    DatasetFactory(
        agency=dol,
        title="Claims file",
        access_url="https://data.ct.gov/files/claims.csv",
        update_frequency="irregular",
        keywords=[],
    )
    catalog = _catalog(client)  # no sign-in: harvesters read it
    jsonschema.validate(catalog, SCHEMA)
    by_title = {d["title"]: d for d in catalog["dataset"]}
    assert set(by_title) == {"Labor force", "Claims file"}
    assert by_title["Labor force"]["accrualPeriodicity"] == "R/P3M"
    assert by_title["Labor force"]["distribution"][0]["accessURL"].startswith("https://data.ct.gov")
    claims = by_title["Claims file"]
    assert claims["accrualPeriodicity"] == "irregular"
    assert claims["distribution"] == [
        {
            "@type": "dcat:Distribution",
            "downloadURL": "https://data.ct.gov/files/claims.csv",
            "mediaType": "text/csv",
        }
    ]
    assert claims["keyword"]  # falls back to the categories or the agency's name
    assert claims["contactPoint"]["hasEmail"] == "mailto:dana.owner@example.ct.gov"


def test_only_public_active_entries_appear(client, dol, restricted):
    for classification in ("internal", "confidential", "restricted"):
        DatasetFactory(agency=dol, classification=classification, title=f"Hidden {classification}")
    DatasetFactory(agency=dol, title="Retired one", status="retired")
    body = client.get(reverse("inventory:data_json")).content.decode()
    assert "Hidden" not in body and "Retired one" not in body
    assert "Unemployment wage records" not in body and "Zebracorn" not in body
    assert _catalog(client)["dataset"] == []


def test_schema_rejects_what_the_rules_forbid():
    """The schema is strict enough to catch the mistakes it exists for."""
    good = {
        "title": "t", "description": "d", "keyword": ["k"], "modified": "2026-01-02",
        "publisher": {"name": "p"}, "contactPoint": {"fn": "f", "hasEmail": "mailto:a@b.gov"},
        "identifier": "i", "accessLevel": "public", "accrualPeriodicity": "R/P1Y",
    }  # fmt: skip
    jsonschema.validate(
        {"conformsTo": SCHEMA["properties"]["conformsTo"]["const"], "dataset": [good]}, SCHEMA
    )
    for broken in (
        {"keyword": []},
        {"contactPoint": {"fn": "f", "hasEmail": "a@b.gov"}},
        {"accessLevel": "private"},
        {"accrualPeriodicity": "yearly"},
        {"modified": "yesterday"},
        {"distribution": [{"downloadURL": "https://x.gov/a.csv"}]},
    ):
        bad = {**good, **broken}
        catalog = {"conformsTo": "https://project-open-data.cio.gov/v1.1/schema", "dataset": [bad]}
        try:
            jsonschema.validate(catalog, SCHEMA)
        except jsonschema.ValidationError:
            continue
        raise AssertionError(f"schema accepted {broken}")
