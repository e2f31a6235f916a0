"""The advisor on a table of cases: frameworks, agreement type, strictest-wins, errors."""

import pytest

from sharing.advisor import AdviceError, advise

pytestmark = pytest.mark.django_db

CASES = [
    # (categories, identifiability, frameworks that must appear, agreement type)
    (["education_records"], "identified", {"ferpa", "idea", "ct-personal-data-act"}, "dsa"),
    (["health_phi"], "identified", {"hipaa", "ct-health-confidentiality"}, "dsa"),
    (["health_phi"], "deidentified", {"hipaa"}, "dua"),
    (["substance_use_treatment"], "identified", {"42-cfr-part-2", "hipaa"}, "qsoa"),
    (["substance_use_treatment"], "deidentified", {"42-cfr-part-2"}, "dua"),
    (["federal_tax_info"], "identified", {"irc-6103"}, "dsa"),
    (["federal_tax_info"], "aggregate", {"irc-6103"}, "dsa"),
    (["state_tax_info"], "identified", {"cgs-12-15", "cgs-4-67aa"}, "dsa"),
    (["ui_wage_records"], "identified", {"20-cfr-603", "cgs-4-67aa"}, "dsa"),
    (["ui_wage_records"], "aggregate", {"20-cfr-603"}, "dua"),
    (["criminal_justice"], "identified", {"cjis"}, "dsa"),
    (["child_welfare"], "identified", {"child-welfare"}, "dsa"),
    (["snap_tanf"], "identified", {"snap", "tanf-dss"}, "dsa"),
    (["medicaid"], "identified", {"medicaid", "hipaa"}, "baa"),
    (["driver_records"], "identified", {"dppa"}, "dsa"),
    (["personal_other"], "identified", {"ct-personal-data-act"}, "dsa"),
    (["deidentified"], "deidentified", set(), "dua"),
    (["aggregate_public"], "aggregate", set(), "none"),
    (["aggregate_public"], "identified", set(), "none"),
    # Combined: the strictest rule governs.
    (["education_records", "ui_wage_records"], "identified", {"ferpa", "20-cfr-603"}, "dsa"),
    (["ui_wage_records", "medicaid"], "identified", {"20-cfr-603", "medicaid"}, "baa"),
    (["medicaid", "substance_use_treatment"], "identified", {"42-cfr-part-2", "medicaid"}, "qsoa"),
    (["aggregate_public", "health_phi"], "identified", {"hipaa"}, "dsa"),
    (["aggregate_public", "snap_tanf"], "aggregate", {"snap"}, "dua"),
]


@pytest.mark.parametrize(("keys", "identifiability", "frameworks", "agreement"), CASES)
def test_advisor_table(keys, identifiability, frameworks, agreement):
    advice = advise(keys, identifiability)
    slugs = {f.slug for f in advice.frameworks}
    assert frameworks <= slugs, f"missing {frameworks - slugs}"
    assert advice.agreement_type.key == agreement
    if agreement == "none":
        assert advice.clauses == []
    else:
        assert advice.clauses, "an agreement must list clauses"
    # Every framework and every clause comes with a reason; frameworks with a citation.
    reasons = {(r.about, r.key) for r in advice.reasons}
    assert {("framework", s) for s in slugs} <= reasons
    assert {("clause", c.key) for c in advice.clauses} <= reasons
    assert all(r.citation for r in advice.reasons if r.about == "framework")


def test_conflict_says_the_strictest_wins():
    advice = advise(["ui_wage_records", "substance_use_treatment"], "identified")
    assert advice.agreement_type.key == "qsoa"
    assert "strictest wins" in advice.strictest
    assert "Substance use disorder" in advice.strictest
    assert any(r.about == "strictest" for r in advice.reasons)
    # Clauses from both laws go into the one agreement.
    keys = {c.key for c in advice.clauses}
    assert {"costs", "notice_consent"} <= keys


def test_no_conflict_no_strictest_note():
    advice = advise(["ui_wage_records", "snap_tanf"], "identified")
    assert advice.agreement_type.key == "dsa"
    assert advice.strictest == ""


def test_unconfirmed_items_say_to_be_confirmed_by_counsel():
    advice = advise(["education_records"], "identified")
    ferpa = next(r for r in advice.reasons if r.key == "ferpa")
    assert "To be confirmed by counsel" in ferpa.text


def test_fti_flag_routes_to_counsel():
    advice = advise(["federal_tax_info"], "identified")
    assert any("route to counsel" in f for f in advice.flags)


@pytest.mark.parametrize(
    ("keys", "identifiability", "message"),
    [
        ([], "identified", "at least one"),
        (["wages"], "identified", "Unknown data category key(s): wages"),
        (["medicaid", "nope"], "identified", "nope"),
        (["medicaid"], "partly", "Unknown identifiability 'partly'"),
    ],
)
def test_bad_questions_raise_clear_errors(keys, identifiability, message):
    with pytest.raises(AdviceError, match=message.replace("(", r"\(").replace(")", r"\)")):
        advise(keys, identifiability)


def test_advice_json_shape(client, requester):
    client.force_login(requester)
    response = client.get(
        "/sharing/advice.json",
        {"category": ["ui_wage_records", "medicaid"], "identifiability": "identified"},
    )
    assert response.status_code == 200
    data = response.json()
    assert data["agreement_type"] == "baa"
    assert {"20-cfr-603", "medicaid", "hipaa"} <= set(data["frameworks"])
    assert "purpose" in data["clauses"]
    assert {"about", "key", "text", "citation"} <= set(data["reasons"][0])
    assert "counsel decides" in data["counsel"]


def test_advice_json_unknown_key_is_400_with_message(client, requester):
    client.force_login(requester)
    response = client.get("/sharing/advice.json", {"category": "tax_stuff"})
    assert response.status_code == 400
    assert "Unknown data category key(s): tax_stuff" in response.json()["error"]
    response = client.get(
        "/sharing/advice.json", {"category": "medicaid", "identifiability": "somewhat"}
    )
    assert response.status_code == 400
    assert "identifiability" in response.json()["error"]


def test_curator_edit_changes_the_advice(sharing_curator):
    """Rules are data: editing a rule in the admin changes the answer."""
    from sharing.models import AgreementType, DecisionRule

    rule = DecisionRule.objects.get(category__key="driver_records", identifiability="identified")
    rule.agreement_type = AgreementType.objects.get(key="mou")
    rule.save()
    assert advise(["driver_records"]).agreement_type.key == "mou"
    assert rule.history.count() >= 1


def test_parties_purpose_and_contractor_shape_the_answer(dol, sde):
    plain = advise(["education_records"], "identified")
    assert "cgs-4e-70" not in {f.slug for f in plain.frameworks}
    assert any("State the purpose" in f for f in plain.flags)
    advice = advise(
        ["education_records"],
        "identified",
        purpose="Evaluate CTE outcomes.",
        requesting_agency=dol,
        providing_agency=sde,
        contractor=True,
    )
    assert "cgs-4e-70" in {f.slug for f in advice.frameworks}
    assert any("Department of Labor must be an educational authority" in f for f in advice.flags)
    assert not any("State the purpose" in f for f in advice.flags)
    with pytest.raises(AdviceError, match="must differ"):
        advise(["medicaid"], requesting_agency=dol, providing_agency=dol)


def test_advice_json_takes_parties_and_contractor(client, requester, dol, sde):
    client.force_login(requester)
    data = client.get(
        "/sharing/advice.json",
        {
            "category": "federal_tax_info",
            "requesting_agency": "dol",
            "providing_agency": "SDE",
            "purpose": "Eligibility checks",
            "contractor": "1",
        },
    ).json()
    assert data["requesting_agency"] == "DOL" and data["providing_agency"] == "SDE"
    assert data["purpose"] == "Eligibility checks" and data["contractor"] is True
    assert "cgs-4e-70" in data["frameworks"]
    assert any("Department of Labor has its own IRC 6103 authority" in f for f in data["flags"])
    response = client.get(
        "/sharing/advice.json", {"category": "medicaid", "requesting_agency": "XYZ"}
    )
    assert response.status_code == 400
    assert "Unknown agency code for requesting_agency: 'XYZ'" in response.json()["error"]
