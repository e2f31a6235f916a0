"""The intake wizard's steps, each with the guidance shown beside it.

Draft-model-backed: step one creates the draft, later steps edit it, so nothing typed is
lost between sessions and the draft is visible to the other party's data officers.
"""

from dataclasses import dataclass

from sharing import selectors
from sharing.advisor import COUNSEL_NOTICE, advice_for_request
from sharing.forms import DataForm, PartiesForm, PurposeForm, SecurityForm, TermForm
from sharing.models import Clause


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    form_class: type
    guidance: str
    clause_keys: tuple = ()
    next_key: str = ""


STEPS = [
    Step(
        "parties",
        "Agencies",
        PartiesForm,
        "Your agency is the requesting (receiving) agency. Choose the agency that holds the "
        "data. Check the register first: an active agreement may already cover this pair.",
        ("parties",),
        "purpose",
    ),
    Step(
        "purpose",
        "Purpose and legal authority",
        PurposeForm,
        "State the purpose precisely: every framework limits use to the stated purpose. Name "
        "the statute, regulation or exception (for example FERPA audit/evaluation, 20 CFR "
        "603.5(e), HIPAA 164.512(d)) that allows the disclosure.",
        ("purpose", "legal_authority"),
        "data",
    ),
    Step(
        "data",
        "Data, identifiability and frequency",
        DataForm,
        "Ask for the minimum necessary. Aggregate or de-identified data need far less: "
        "often only a simple data use agreement. Combined categories take the strictest rule.",
        ("data_elements", "minimum_necessary", "transfer"),
        "security",
    ),
    Step(
        "security",
        "Storage, security, retention and destruction",
        SecurityForm,
        "Describe encryption, access control, logging and approved storage, and the date and "
        "method of destruction with a certificate.",
        ("security", "retention_destruction"),
        "term",
    ),
    Step(
        "term",
        "Term",
        TermForm,
        "Agreements need a term, renewal and termination for breach. Computer matching "
        "agreements run 18 months plus one 12-month renewal.",
        ("term_termination",),
        "",
    ),
]


# Templates other apps add to the data step (the inventory's dataset picker), registered
# from their AppConfig.ready() so that sharing imports none of them.
DATA_PANELS: list[str] = []


def register_data_panel(template_name: str) -> None:
    if template_name not in DATA_PANELS:
        DATA_PANELS.append(template_name)


def step_by_key(key: str):
    return next((s for s in STEPS if s.key == key), None)


def step_context(sr, step, form, user) -> dict:
    advice = None
    overlaps = []
    duplicates = []
    if sr is not None:
        advice = advice_for_request(sr)
        category_ids = [c.pk for c in sr.categories.all()]
        overlaps = list(
            selectors.overlapping_agreements(
                sr.requesting_agency_id, sr.providing_agency_id, category_ids, exclude_pk=sr.pk
            )
        )
        # After the categories: agreements and open requests for the same data, either way.
        duplicates = selectors.possible_duplicates(
            user,
            (sr.requesting_agency_id, sr.providing_agency_id),
            category_ids,
            exclude_pk=sr.pk,
        )
    return {
        "sr": sr,
        "step": step,
        "steps": STEPS,
        "step_number": STEPS.index(step) + 1,
        "form": form,
        "clauses": Clause.objects.filter(key__in=step.clause_keys).order_by("number"),
        "advice": advice,
        "overlaps": overlaps,
        "duplicates": duplicates,
        "requesting_agency": sr.requesting_agency if sr else user.agency,
        "counsel_notice": COUNSEL_NOTICE,
        "panels": DATA_PANELS if sr is not None and step.key == "data" else [],
    }
