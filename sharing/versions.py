"""A request's versions: what a submission freezes, and the field-by-field comparison.

`freeze` is called by sharing/workflow.py inside the transition's transaction, so each
submission and resubmission records exactly one version (unique per request and number).
"""

from sharing.models import VERSIONED_FIELDS, RequestVersion

LABELS = dict(VERSIONED_FIELDS)


def contents_of(sr) -> dict:
    """The request's contents as the page shows them, {field: text}."""
    contents = {}
    for name, _label in VERSIONED_FIELDS:
        if name == "categories":
            value = ", ".join(sorted(c.name for c in sr.categories.all()))
        elif name == "identifiability":
            value = sr.get_identifiability_display()
        elif name == "frequency":
            value = sr.get_frequency_display() if sr.frequency else ""
        elif name in ("contractor_involved", "federal_match", "research"):
            value = "Yes" if getattr(sr, name) else "No"
        elif name == "term_months":
            value = str(sr.term_months) if sr.term_months else ""
        else:
            value = getattr(sr, name) or ""
        contents[name] = value
    return contents


def compare(before: dict, after: dict) -> list[dict]:
    """The fields that differ, in page order: {field, label, before, after}."""
    return [
        {
            "field": name,
            "label": label,
            "before": before.get(name, ""),
            "after": after.get(name, ""),
        }
        for name, label in VERSIONED_FIELDS
        if before.get(name, "") != after.get(name, "")
    ]


def freeze(sr, user, action: str) -> RequestVersion:
    """Record the request's contents as its next version (the caller holds the row lock)."""
    last = sr.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return RequestVersion.objects.create(
        request=sr, number=last + 1, action=action, created_by=user, contents=contents_of(sr)
    )
