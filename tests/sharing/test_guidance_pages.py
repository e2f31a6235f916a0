"""The guidance library: shipped by the migration, browsable, searchable, edited with history."""

import pytest

from sharing.models import AgreementType, Clause, DataCategory, DecisionRule, LegalFramework

pytestmark = pytest.mark.django_db

ISSUE_KEYS = {
    "education_records", "health_phi", "substance_use_treatment", "federal_tax_info",
    "ui_wage_records", "criminal_justice", "child_welfare", "snap_tanf", "medicaid",
    "driver_records", "personal_other", "deidentified", "aggregate_public", "state_tax_info",
}  # fmt: skip


def test_migration_ships_the_library():
    assert set(DataCategory.objects.values_list("key", flat=True)) == ISSUE_KEYS
    assert set(AgreementType.objects.values_list("key", flat=True)) == {
        "mou", "dsa", "dua", "baa", "qsoa", "none",
    }  # fmt: skip
    assert Clause.objects.count() == 20
    slugs = set(LegalFramework.objects.values_list("slug", flat=True))
    assert {
        "hipaa", "42-cfr-part-2", "ferpa", "irc-6103", "20-cfr-603", "snap", "medicaid",
        "child-welfare", "cjis", "dppa", "privacy-act-matching", "ct-personal-data-act",
        "ct-data-governance", "cgs-4-67aa",
    } <= slugs  # fmt: skip
    # Every category has a rule for every identifiability.
    assert DecisionRule.objects.count() == len(ISSUE_KEYS) * 3
    for framework in LegalFramework.objects.all():
        assert framework.citation and framework.summary and framework.official_url


def test_index_lists_and_searches(client, requester):
    client.force_login(requester)
    page = client.get("/sharing/").content.decode()
    assert "Family Educational Rights and Privacy Act" in page
    assert "counsel decides" in page
    page = client.get("/sharing/", {"q": "wage"}).content.decode()
    assert "Unemployment compensation confidentiality" in page
    assert "Driver&#x27;s Privacy Protection Act" not in page
    page = client.get("/sharing/", {"q": "164.512"}).content.decode()
    assert "HIPAA Privacy Rule" in page
    page = client.get("/sharing/", {"category": "driver_records"}).content.decode()
    assert "Driver&#x27;s Privacy Protection Act" in page and "HIPAA Privacy Rule" not in page


def test_framework_page(client, requester):
    client.force_login(requester)
    page = client.get("/sharing/frameworks/ferpa/").content.decode()
    assert "20 U.S.C. 1232g; 34 CFR Part 99" in page
    assert "https://studentprivacy.ed.gov/ferpa" in page
    assert "To be confirmed by counsel" in page
    assert "Retention and destruction" in page
    assert client.get("/sharing/frameworks/nope/").status_code == 404


def test_unconfirmed_framework_is_marked(client, requester):
    client.force_login(requester)
    page = client.get("/sharing/frameworks/title-x/").content.decode()
    assert "This whole entry is to be confirmed by counsel" in page


def test_advisor_page_shows_the_answer(client, requester):
    client.force_login(requester)
    page = client.get(
        "/sharing/advisor/",
        {"category": ["medicaid", "substance_use_treatment"], "identifiability": "identified"},
    ).content.decode()
    assert "Qualified service organization agreement" in page
    assert "Strictest rule wins" in page


def test_curator_edits_guidance_in_the_admin_with_history(client, sharing_curator):
    client.force_login(sharing_curator)
    framework = LegalFramework.objects.get(slug="dppa")
    assert client.get("/admin/sharing/legalframework/").status_code == 200
    response = client.get(f"/admin/sharing/legalframework/{framework.pk}/change/")
    assert response.status_code == 200
    data = {
        "slug": "dppa",
        "name": framework.name,
        "citation": framework.citation,
        "official_url": framework.official_url,
        "summary": "Edited summary.",
        "holders": framework.holders,
        "disclosure": framework.disclosure,
        "agreement_contents": framework.agreement_contents,
        "categories": [c.pk for c in framework.categories.all()],
        "required_clauses": [c.pk for c in framework.required_clauses.all()],
        "counsel_note": framework.counsel_note,
    }
    response = client.post(f"/admin/sharing/legalframework/{framework.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    framework.refresh_from_db()
    assert framework.summary == "Edited summary."
    assert framework.history.first().history_user == sharing_curator
    history = client.get(f"/admin/sharing/legalframework/{framework.pk}/history/")
    assert history.status_code == 200


def test_data_officer_has_no_admin(client, requester):
    client.force_login(requester)
    assert client.get("/admin/sharing/legalframework/").status_code == 302


@pytest.mark.parametrize(
    "model", ["datacategory", "agreementtype", "clause", "legalframework", "decisionrule"]
)
def test_curators_hold_guidance_permissions(client, sharing_curator, model):
    for action in ("view", "add", "change", "delete"):
        assert sharing_curator.has_perm(f"sharing.{action}_{model}")
    client.force_login(sharing_curator)
    assert client.get(f"/admin/sharing/{model}/").status_code == 200
    assert client.get(f"/admin/sharing/{model}/add/").status_code == 200


def test_curators_read_requests_in_admin_without_changing_them(client, sharing_curator, draft):
    client.force_login(sharing_curator)
    assert client.get("/admin/sharing/sharingrequest/").status_code == 200
    page = client.get(f"/admin/sharing/sharingrequest/{draft.pk}/change/")
    assert page.status_code == 200
    assert client.post(f"/admin/sharing/sharingrequest/{draft.pk}/change/", {}).status_code == 403
