"""The advisor's outcome: every category alone, the fact base's mixed cases (section 5:
the strictest framework sets the floor), the headline, and advice.json."""

import pytest

from sharing.advisor import advise

pytestmark = pytest.mark.django_db

NONE, AGREEMENT, OUTSIDE, COUNSEL = "none", "agreement", "outside_approval", "refer_counsel"

# (category, identifiability, outcome, agreement type shown (None: no type applies))
ALONE = [
    ("education_records", "identified", AGREEMENT, "dsa"),
    ("health_phi", "identified", AGREEMENT, "dsa"),
    ("health_phi", "deidentified", AGREEMENT, "dua"),
    ("substance_use_treatment", "identified", AGREEMENT, "qsoa"),
    ("federal_tax_info", "identified", COUNSEL, None),
    ("federal_tax_info", "deidentified", COUNSEL, None),
    ("federal_tax_info", "aggregate", COUNSEL, None),
    ("state_tax_info", "identified", AGREEMENT, "dsa"),
    ("ui_wage_records", "identified", AGREEMENT, "dsa"),
    ("ui_wage_records", "aggregate", AGREEMENT, "dua"),
    ("criminal_justice", "identified", AGREEMENT, "dsa"),
    ("child_welfare", "identified", AGREEMENT, "dsa"),
    ("snap_tanf", "identified", AGREEMENT, "dsa"),
    ("medicaid", "identified", AGREEMENT, "baa"),
    ("driver_records", "identified", AGREEMENT, "dsa"),
    ("personal_other", "identified", AGREEMENT, "dsa"),
    ("deidentified", "deidentified", AGREEMENT, "dua"),
    ("aggregate_public", "aggregate", NONE, None),
    ("aggregate_public", "identified", NONE, None),
]


@pytest.mark.parametrize(("key", "identifiability", "outcome", "agreement"), ALONE)
def test_every_category_alone(key, identifiability, outcome, agreement):
    advice = advise([key], identifiability)
    assert advice.outcome == outcome
    assert advice.agreement_applies == (agreement is not None)
    data = advice.as_json()
    assert data["outcome"] == outcome
    assert data["agreement_type"] == agreement
    if agreement:
        assert advice.headline == f"Agreement needed: {advice.agreement_type.name}"
    elif outcome == COUNSEL:
        assert advice.headline == "Usually declined: refer to counsel"
        assert "Agreement needed" not in advice.headline
    else:
        assert advice.headline == "No agreement needed"


# Mixed cases (fact base section 5): the strictest framework sets the floor for all.
MIXED = [
    # Federal tax information declines the whole linked file, whatever it is joined to.
    (["federal_tax_info", "education_records"], {}, COUNSEL, None, []),
    (["federal_tax_info", "medicaid"], {}, COUNSEL, None, []),
    (["federal_tax_info", "aggregate_public"], {}, COUNSEL, None, []),
    # ... and a contractor adds the IRS notice, still declined as the headline.
    (["federal_tax_info"], {"contractor": True}, COUNSEL, None, ["irs_notice"]),
    # Part 2 is the strictest health category: its QSOA governs.
    (["medicaid", "substance_use_treatment"], {}, AGREEMENT, "qsoa", []),
    (["ui_wage_records", "substance_use_treatment"], {}, AGREEMENT, "qsoa", []),
    # Public data joined to PHI: the PHI rule governs.
    (["aggregate_public", "health_phi"], {}, AGREEMENT, "dsa", []),
    # Education and workforce records linked: P20 WIN's board approves, then a DSA.
    (["education_records", "ui_wage_records"], {}, OUTSIDE, "dsa", ["p20_win_board"]),
    # Federal records matched with benefit records: the Data Integrity Board approves.
    (["snap_tanf"], {"federal_match": True}, OUTSIDE, "dsa", ["data_integrity_board"]),
    (["medicaid"], {"research": True}, OUTSIDE, "baa", ["irb"]),
    # Aggregate output needs no IRB and no P20 WIN board.
    (["education_records", "ui_wage_records"], {"identifiability": "aggregate"},
     AGREEMENT, "dua", []),
]  # fmt: skip


@pytest.mark.parametrize(("keys", "extra", "outcome", "agreement", "approvals"), MIXED)
def test_mixed_cases_strictest_sets_the_floor(keys, extra, outcome, agreement, approvals):
    extra = dict(extra)
    identifiability = extra.pop("identifiability", "identified")
    advice = advise(keys, identifiability, **extra)
    assert advice.outcome == outcome
    assert advice.approvals == approvals
    assert advice.as_json()["agreement_type"] == agreement
    assert advice.as_json()["approvals"] == approvals
    if outcome == OUTSIDE:
        assert advice.headline.startswith("Needs outside approval: ")
        assert {r.key for r in advice.reasons if r.about == "outcome"} == set(approvals)
    if outcome == COUNSEL:
        assert advice.headline == "Usually declined: refer to counsel"
        assert advice.reasons[0].about == "outcome"
        assert "refer it to counsel" in advice.reasons[0].text


def test_fti_headline_on_the_page_is_the_real_answer(client, requester):
    """The issue: the bold headline said "Agreement needed: DSA" for federal tax data."""
    client.force_login(requester)
    page = client.get(
        "/sharing/advisor/",
        {"category": ["federal_tax_info", "education_records"], "identifiability": "identified"},
    ).content.decode()
    assert 'data-outcome="refer_counsel"' in page
    assert "<strong>Usually declined: refer to counsel</strong>" in page
    assert "Agreement needed" not in page
    assert 'data-testid="agreement-type"' not in page


def test_outside_approval_page_shows_approval_then_agreement(client, requester):
    client.force_login(requester)
    page = client.get(
        "/sharing/advisor/",
        {"category": "snap_tanf", "identifiability": "identified", "federal_match": "on"},
    ).content.decode()
    assert "Needs outside approval: Federal Data Integrity Board approval" in page
    assert "Then an agreement:" in page
    page = client.get(
        "/sharing/advisor/", {"category": "aggregate_public", "identifiability": "aggregate"}
    ).content.decode()
    assert "<strong>No agreement needed</strong>" in page
    assert 'data-testid="agreement-type"' not in page


def test_advice_json_carries_the_outcome(client, requester):
    client.force_login(requester)
    data = client.get(
        "/sharing/advice.json", {"category": ["education_records", "ui_wage_records"]}
    ).json()
    assert data["outcome"] == "outside_approval"
    assert data["outcome_label"] == "Needs outside approval"
    assert data["approvals"] == ["p20_win_board"]
    assert data["agreement_type"] == "dsa"
    data = client.get(
        "/sharing/advice.json", {"category": "federal_tax_info", "research": "1"}
    ).json()
    assert data["outcome"] == "refer_counsel"
    assert data["headline"] == "Usually declined: refer to counsel"
    assert data["agreement_type"] is None
    assert data["approvals"] == ["irb"] and data["research"] is True


def test_curator_sets_an_outcome_in_the_rule(sharing_curator):
    """Outcomes are data: a curator's rule with an outside approval changes the answer."""
    from sharing.models import DecisionRule

    rule = DecisionRule.objects.get(category__key="criminal_justice", identifiability="identified")
    rule.outcome, rule.approval = "outside_approval", "irb"
    rule.save()
    advice = advise(["criminal_justice", "personal_other"])
    assert advice.outcome == "outside_approval" and advice.approvals == ["irb"]
