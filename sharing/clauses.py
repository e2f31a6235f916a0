"""The clause library's model wording, completed from a request (draft and preview).

Fill-ins are `{name}` in a clause's model wording; only the names below are replaced (a
plain substitution, never str.format), and a fill-in the request lacks reads "[to be
completed]". Every clause carries the notice that counsel must review it.
"""

import re

CLAUSE_NOTICE = "Model wording from the statewide guidance: counsel must review this clause."
MISSING = "[to be completed]"
FILL_IN = re.compile(r"\{([a-z_]+)\}")


def _text(value: str) -> str:
    return " ".join(value.split()) if value and value.strip() else MISSING


def fill_ins(sr) -> dict:
    categories = ", ".join(sorted(c.name for c in sr.categories.all()))
    elements = "; ".join(line.strip() for line in sr.data_elements.splitlines() if line.strip())
    described = [part for part in (categories, sr.get_identifiability_display(), elements) if part]
    if sr.effective_date and sr.expiry_date:
        term = (
            f"from {sr.effective_date:%B %d, %Y} to {sr.expiry_date:%B %d, %Y}, unless renewed "
            "or ended earlier"
        )
    elif sr.term_months:
        term = f"for {sr.term_months} months from the date of the last signature"
    else:
        term = MISSING
    return {
        "providing_agency": sr.providing_agency.name,
        "receiving_agency": sr.requesting_agency.name,
        "purpose": _text(sr.purpose),
        "legal_authority": _text(sr.legal_authority),
        "data_description": "; ".join(described) if categories else MISSING,
        "transfer_method": sr.get_frequency_display().lower() if sr.frequency else MISSING,
        "storage_security": _text(sr.storage_security),
        "destruction": _text(sr.retention_destruction),
        "term": term,
    }


def complete(wording: str, values: dict) -> str:
    return FILL_IN.sub(lambda m: values.get(m[1], m[0]), wording)


def drafted_clauses(sr, advice) -> list[dict]:
    """The advice's clauses in the library's wording, completed from the request, each with
    the frameworks that require it (as the guidance names them)."""
    if advice is None:
        return []
    values = fill_ins(sr)
    requiring = {}
    for framework in advice.frameworks:
        for clause in framework.required_clauses.all():
            requiring.setdefault(clause.key, []).append(framework.name)
    return [
        {
            "clause": clause,
            "text": complete(clause.model_wording or clause.text, values),
            "frameworks": requiring.get(clause.key, []),
            "notice": CLAUSE_NOTICE,
        }
        for clause in advice.clauses
    ]
