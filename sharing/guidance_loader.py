"""Load the guidance library from sharing/data/guidance.yaml (idempotent).

Called by migration 0002 with the historical models and by `load_sharing_guidance`
to refresh the shipped rows; rows curators added in the admin are left alone.
"""

from pathlib import Path

import yaml
from django.db import transaction

from config import cache_versions

GUIDANCE_YAML = Path(__file__).resolve().parent / "data" / "guidance.yaml"
IDENTIFIABILITIES = ["identified", "deidentified", "aggregate"]
# Every agreement carries these, whatever the law behind it.
BASE_CLAUSES = ["parties", "purpose", "data_elements", "retention_destruction", "signatures"]


def read_guidance(path=GUIDANCE_YAML) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def expand_rules(data: dict) -> list[dict]:
    """One row per (category, identifiability): explicit rows, then gate defaults."""
    frameworks = {f["slug"]: f for f in data["frameworks"]}
    rows: dict[tuple[str, str], dict] = {}
    for rule in data["rules"]:
        levels = rule.get("identifiability", "identified")
        for level in [levels] if isinstance(levels, str) else levels:
            row = dict(rule, identifiability=level)
            if "clauses" not in rule:
                keys = list(BASE_CLAUSES)
                for slug in rule["frameworks"]:
                    keys += [k for k in frameworks[slug].get("clauses", []) if k not in keys]
                row["clauses"] = keys
            rows[(rule["category"], level)] = row
    for (category, level), row in list(rows.items()):
        if level != "identified":
            continue
        for gate, default in data["gate_defaults"].items():
            if (category, gate) not in rows:
                rows[(category, gate)] = dict(
                    default,
                    category=category,
                    identifiability=gate,
                    frameworks=row["frameworks"],
                    flag=row.get("flag", ""),
                )
    return list(rows.values())


@transaction.atomic
def load_guidance(models, data: dict | None = None) -> None:
    """`models(name)` returns a model class (historical in migrations, real otherwise)."""
    data = data or read_guidance()
    Category, AgreementType, Clause = (
        models("DataCategory"),
        models("AgreementType"),
        models("Clause"),
    )
    Framework, Rule = models("LegalFramework"), models("DecisionRule")
    categories = {}
    for row in data["categories"]:
        categories[row["key"]], _ = Category.objects.update_or_create(
            key=row["key"], defaults={"name": row["name"], "description": row["description"]}
        )
    types = {}
    for row in data["agreement_types"]:
        types[row["key"]], _ = AgreementType.objects.update_or_create(
            key=row["key"],
            defaults={k: row[k] for k in ("name", "description", "rank")},
        )
    clauses = {}
    wording = data.get("clause_wording", {})
    for row in data["clauses"]:
        defaults = {k: row[k] for k in ("number", "title", "text", "required_by")}
        if hasattr(Clause, "model_wording"):  # added by migration 0015
            defaults["model_wording"] = wording.get(row["key"], "")
        clauses[row["key"]], _ = Clause.objects.update_or_create(key=row["key"], defaults=defaults)
    frameworks = {}
    for row in data["frameworks"]:
        fields = ("name", "citation", "official_url", "summary", "holders", "disclosure")
        defaults = {k: row.get(k, "") for k in fields}
        defaults["agreement_contents"] = row.get("agreement_contents", "")
        defaults["counsel_note"] = row.get("counsel_note", "")
        defaults["needs_counsel_confirmation"] = row.get("needs_counsel_confirmation", False)
        framework, _ = Framework.objects.update_or_create(slug=row["slug"], defaults=defaults)
        framework.categories.set([categories[k] for k in row.get("categories", [])])
        framework.required_clauses.set([clauses[k] for k in row.get("clauses", [])])
        frameworks[row["slug"]] = framework
    for row in expand_rules(data):
        defaults = {
            "agreement_type": types[row["agreement_type"]],
            "strictness": row["strictness"],
            "reason": row["reason"],
            "flag": row.get("flag", ""),
        }
        # Migration 0002's historical rule has no outcome yet (0010 adds it and reloads).
        if hasattr(Rule, "outcome"):
            default_outcome = "none" if row["agreement_type"] == "none" else "agreement"
            defaults["outcome"] = row.get("outcome", default_outcome)
            defaults["approval"] = row.get("approval", "")
        rule, _ = Rule.objects.update_or_create(
            category=categories[row["category"]],
            identifiability=row["identifiability"],
            defaults=defaults,
        )
        rule.frameworks.set([frameworks[s] for s in row["frameworks"]])
        rule.clauses.set([clauses[k] for k in row.get("clauses", [])])
    cache_versions.changed(cache_versions.SHARING)
