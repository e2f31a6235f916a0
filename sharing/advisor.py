"""The agreement advisor: which laws apply, which agreement is needed, which clauses it needs.

A pure function over the decision rules in the database (edited by curators), so the
wizard, the request page, the agreement draft and /sharing/advice.json give one answer.
When categories are combined the strictest rule governs the whole linked file (decision
tree, step 2) and every framework's clauses go into the one agreement.
"""

from dataclasses import dataclass, field

from sharing.models import (
    OUTCOME_SEVERITY,
    DataCategory,
    DecisionRule,
    Identifiability,
    LegalFramework,
    Outcome,
    OutsideApproval,
)

COUNSEL_NOTICE = (
    "This advice is orientation from the statewide guidance, not legal advice: "
    "your agency's counsel decides."
)


class AdviceError(ValueError):
    """The question cannot be answered as asked (unknown keys, nothing chosen)."""


@dataclass
class Reason:
    about: str  # "outcome", "framework", "agreement_type", "clause", "strictest" or "flag"
    key: str
    text: str
    citation: str = ""
    title: str = ""  # what the page names it by (a framework's name, a clause's title)

    def as_dict(self):
        return {"about": self.about, "key": self.key, "text": self.text, "citation": self.citation}


@dataclass
class Advice:
    categories: list
    identifiability: str
    frameworks: list = field(default_factory=list)
    agreement_type: object = None
    clauses: list = field(default_factory=list)
    reasons: list = field(default_factory=list)
    flags: list = field(default_factory=list)
    strictest: str = ""  # the sentence saying which rule won, when rules conflicted
    governing_rule: object = None
    purpose: str = ""
    requesting_agency: object = None
    providing_agency: object = None
    contractor: bool = False
    federal_match: bool = False
    research: bool = False
    outcome: str = Outcome.AGREEMENT
    approvals: list = field(default_factory=list)  # OutsideApproval values, in order

    @property
    def outcome_label(self) -> str:
        return Outcome(self.outcome).label

    @property
    def agreement_applies(self) -> bool:
        """An agreement type is part of the answer (not when declined or none is needed)."""
        return (
            self.outcome in (Outcome.AGREEMENT, Outcome.OUTSIDE_APPROVAL)
            and self.agreement_type is not None
            and self.agreement_type.key != "none"
        )

    @property
    def approval_labels(self) -> list:
        return [OutsideApproval(a).label for a in self.approvals]

    @property
    def headline(self) -> str:
        """The answer in one line: the outcome of the strictest framework involved."""
        if self.outcome == Outcome.AGREEMENT and self.agreement_applies:
            return f"Agreement needed: {self.agreement_type.name}"
        if self.outcome == Outcome.OUTSIDE_APPROVAL:
            return f"Needs outside approval: {'; '.join(self.approval_labels)}"
        return self.outcome_label

    def reasons_about(self, about: str) -> list:
        return [r for r in self.reasons if r.about == about]

    def as_json(self) -> dict:
        return {
            "outcome": self.outcome,
            "outcome_label": self.outcome_label,
            "headline": self.headline,
            "approvals": list(self.approvals),
            "categories": [c.key for c in self.categories],
            "identifiability": self.identifiability,
            "frameworks": [f.slug for f in self.frameworks],
            "agreement_type": self.agreement_type.key if self.agreement_applies else None,
            "clauses": [c.key for c in self.clauses],
            "reasons": [r.as_dict() for r in self.reasons],
            "strictest": self.strictest or None,
            "flags": self.flags,
            "purpose": self.purpose,
            "requesting_agency": getattr(self.requesting_agency, "code", None),
            "providing_agency": getattr(self.providing_agency, "code", None),
            "contractor": self.contractor,
            "federal_match": self.federal_match,
            "research": self.research,
            "counsel": COUNSEL_NOTICE,
        }


def _framework_text(framework) -> str:
    text = framework.disclosure or framework.summary
    if framework.needs_counsel_confirmation:
        text = f"{text} (Whole entry to be confirmed by counsel.)"
    if framework.counsel_note:
        text = f"{text} To be confirmed by counsel: {framework.counsel_note}"
    return text


CONTRACTOR_FRAMEWORK = "cgs-4e-70"


def advise(
    category_keys,
    identifiability=Identifiability.IDENTIFIED,
    *,
    purpose: str = "",
    requesting_agency=None,
    providing_agency=None,
    contractor: bool = False,
    federal_match: bool = False,
    research: bool = False,
    categories=None,
) -> Advice:
    """Answer for the categories, identifiability, purpose and parties; raises AdviceError.

    `contractor` says a vendor or contractor will handle the data (adds CGS 4e-70);
    `federal_match` that federal records (SSA, CMS, SAVE) are matched with the state's
    (a Data Integrity Board approves); `research` that the use is research (an IRB).
    `categories`, the DataCategory rows of those keys when the caller has them already
    (a request's page), saves reading them again.
    """
    if requesting_agency is not None and requesting_agency == providing_agency:
        raise AdviceError("The requesting and the providing agency must differ.")
    keys = list(dict.fromkeys(k.strip() for k in category_keys if k and k.strip()))
    if not keys:
        raise AdviceError("Choose at least one data category (category=KEY).")
    if identifiability not in Identifiability.values:
        raise AdviceError(
            f"Unknown identifiability '{identifiability}'. "
            f"Use one of: {', '.join(Identifiability.values)}."
        )
    if categories is None:
        categories = DataCategory.objects.filter(key__in=keys)
    categories = sorted(categories, key=lambda c: c.name)
    unknown = sorted(set(keys) - {c.key for c in categories})
    if unknown:
        raise AdviceError(
            f"Unknown data category key(s): {', '.join(unknown)}. "
            "See /sharing/ for the list of categories."
        )
    rules = list(
        DecisionRule.objects.filter(category__key__in=keys, identifiability=identifiability)
        .select_related("category", "agreement_type")
        .prefetch_related("frameworks__required_clauses", "clauses")
        .order_by("-strictness", "-agreement_type__rank", "category__name")
    )
    advice = Advice(
        categories=categories,
        identifiability=identifiability,
        purpose=purpose.strip(),
        requesting_agency=requesting_agency,
        providing_agency=providing_agency,
        contractor=contractor,
        federal_match=federal_match,
        research=research,
    )
    if not rules:
        raise AdviceError("No decision rule covers this case yet; ask your agency's counsel.")
    governing = rules[0]
    advice.governing_rule = governing
    advice.agreement_type = governing.agreement_type

    frameworks, clauses, clause_sources = {}, {}, {}
    for rule in rules:
        for framework in rule.frameworks.all():
            frameworks.setdefault(framework.slug, (framework, rule))
        for clause in rule.clauses.all():
            clauses.setdefault(clause.key, clause)
            clause_sources.setdefault(clause.key, [])
        if rule.flag:
            advice.flags.append(f"{rule.category.name}: {rule.flag}")
    if contractor:
        vendor_law = (
            LegalFramework.objects.filter(slug=CONTRACTOR_FRAMEWORK)
            .prefetch_related("required_clauses")
            .first()
        )
        if vendor_law is not None:
            frameworks.setdefault(vendor_law.slug, (vendor_law, None))
            for clause in vendor_law.required_clauses.all():
                clauses.setdefault(clause.key, clause)
                clause_sources.setdefault(clause.key, [])
    advice.frameworks = [f for f, _rule in sorted(frameworks.values(), key=lambda p: p[0].name)]
    for framework in advice.frameworks:
        for clause in framework.required_clauses.all():
            if clause.key in clauses and framework.citation not in clause_sources[clause.key]:
                clause_sources[clause.key].append(framework.citation)
    advice.clauses = sorted(clauses.values(), key=lambda c: c.number)

    for framework in advice.frameworks:
        advice.reasons.append(
            Reason(
                "framework",
                framework.slug,
                _framework_text(framework),
                framework.citation,
                title=framework.name,
            )
        )
    for rule in rules:
        citations = "; ".join(f.citation for f in rule.frameworks.all())
        advice.reasons.append(
            Reason(
                "agreement_type",
                rule.agreement_type.key,
                f"{rule.category.name}: {rule.agreement_type.name}. {rule.reason}",
                citations,
            )
        )
    for clause in advice.clauses:
        sources = clause_sources[clause.key]
        why = f"Required by {clause.required_by}." if clause.required_by else "Good practice."
        advice.reasons.append(
            Reason(
                "clause", clause.key, f"{clause.text} {why}", "; ".join(sources), title=clause.title
            )
        )

    if len(rules) > 1 and len({r.agreement_type_id for r in rules}) > 1:
        others = ", ".join(
            f"{r.category.name} alone would need {r.agreement_type.name}" for r in rules[1:]
        )
        advice.strictest = (
            f"The rules conflict ({others}); the strictest wins: {governing.category.name} "
            f"requires a {governing.agreement_type.name}, which governs the whole request, "
            "and every framework's clauses go into that one agreement."
        )
        advice.reasons.append(Reason("strictest", governing.category.key, advice.strictest))
    _outcome(advice, rules, keys)
    _party_notes(advice, keys)
    for flag in advice.flags:
        advice.reasons.append(Reason("flag", "", flag))
    return advice


# Why an outside approval is needed, by approval (the fact base, lifecycle stage 5).
APPROVAL_REASONS = {
    OutsideApproval.IRS_NOTICE: (
        "A contractor will handle federal tax information: the IRS must be notified 45 days "
        "before the contract is signed (IRS Publication 1075)."
    ),
    OutsideApproval.DATA_INTEGRITY_BOARD: (
        "Matching federal records with state records needs a computer matching agreement "
        "approved by the federal Data Integrity Board (5 U.S.C. 552a(o)-(q))."
    ),
    OutsideApproval.P20_WIN_BOARD: (
        "Linking education and workforce records goes through P20 WIN: its Data Governing "
        "Board approves the request (CGS 10a-57g)."
    ),
    OutsideApproval.IRB: (
        "Research with record-level data needs the approval of an institutional review "
        "board (for example for a HIPAA research waiver or a P20 WIN exhibit)."
    ),
}


def _outcome(advice: Advice, rules: list, keys: list[str]) -> None:
    """The strictest outcome sets the floor; outside approvals raise it to at least that."""
    approvals = [r.approval for r in rules if r.approval]
    record_level = advice.identifiability != Identifiability.AGGREGATE
    if advice.contractor and "federal_tax_info" in keys:
        approvals.append(OutsideApproval.IRS_NOTICE)
    if advice.federal_match:
        approvals.append(OutsideApproval.DATA_INTEGRITY_BOARD)
    if record_level and {"education_records", "ui_wage_records"} <= set(keys):
        approvals.append(OutsideApproval.P20_WIN_BOARD)
    if advice.research and record_level:
        approvals.append(OutsideApproval.IRB)
    advice.approvals = list(dict.fromkeys(str(a) for a in approvals))
    deciding = max(rules, key=lambda r: OUTCOME_SEVERITY[Outcome(r.outcome)])
    outcome = Outcome(deciding.outcome)
    if advice.approvals and OUTCOME_SEVERITY[outcome] < OUTCOME_SEVERITY[Outcome.OUTSIDE_APPROVAL]:
        outcome = Outcome.OUTSIDE_APPROVAL
    advice.outcome = str(outcome)
    first = [Reason("outcome", a, APPROVAL_REASONS[a]) for a in advice.approvals]
    if outcome == Outcome.REFER_COUNSEL:
        first.insert(
            0,
            Reason(
                "outcome",
                advice.outcome,
                f"{deciding.category.name}: {deciding.reason} Usually declined: the strictest "
                "framework sets the floor for the whole request, so refer it to counsel.",
            ),
        )
    if outcome == Outcome.REFER_COUNSEL and advice.strictest:
        advice.strictest = (
            f"The strictest framework sets the floor: {deciding.category.name} is usually "
            "declined, and that governs the whole request."
        )
        for reason in advice.reasons:
            if reason.about == "strictest":
                reason.text = advice.strictest
    advice.reasons[:0] = first


def advice_for_request(sr) -> Advice | None:
    """The advice for a request's answers so far; None until it names a data category."""
    categories = list(sr.categories.all())
    try:
        return advise(
            [c.key for c in categories],
            sr.identifiability,
            categories=categories,
            purpose=sr.purpose,
            requesting_agency=sr.requesting_agency,
            providing_agency=sr.providing_agency,
            contractor=sr.contractor_involved,
            federal_match=sr.federal_match,
            research=sr.research,
        )
    except AdviceError:
        return None


def _party_notes(advice: Advice, keys: list[str]) -> None:
    """What the parties and the purpose add: checks for counsel, not rules."""
    recipient = advice.requesting_agency
    if recipient is not None and "federal_tax_info" in keys:
        advice.flags.append(
            f"Federal tax information: only if {recipient.name} has its own IRC 6103 "
            "authority for this program."
        )
    if recipient is not None and "education_records" in keys:
        advice.flags.append(
            f"Education records: {recipient.name} must be an educational authority or be "
            "designated its authorized representative in the written agreement."
        )
    identified = advice.identifiability == Identifiability.IDENTIFIED
    if identified and advice.agreement_type.key != "none" and not advice.purpose:
        advice.flags.append(
            "State the purpose: every framework limits use of the data to the stated purpose."
        )
