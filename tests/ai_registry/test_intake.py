"""Intake in two steps, editing, and the impact assessment form."""

import pytest
from django.urls import reverse

from ai_registry.models import UseCase
from ai_registry.states import State
from sharing.models import DataCategory
from tests.ai_registry.factories import HIGH_ANSWERS, LOW_ANSWERS, UseCaseFactory


def intake(**changes):
    data = {
        "title": "Forecasting claim volumes",
        "purpose": "Staff the call center.",
        "stage": "pilot",
        "kind": "forecasting",
        "sourcing": "in_house",
        "vendor_name": "",
        "data_description": "Weekly claim counts.",
        "affected_people": "None directly.",
        "human_oversight": "Analysts review.",
        "evaluation_monitoring": "Monthly error review.",
        "contact_name": "Pat Lead",
        "contact_email": "pat@example.ct.gov",
        "internal_notes": "",
        "open_to_partners": "on",
    }
    data.update(changes)
    return data


def test_step_one_asks_what_it_is(client, owner):
    client.force_login(owner)
    answer = client.get(reverse("ai_registry:new"))
    assert answer.status_code == 200
    assert "Step 1 of 2" in answer.content.decode()


def test_registering_makes_a_draft_of_the_users_agency_with_partners(client, owner, dss):
    client.force_login(owner)
    category = DataCategory.objects.create(key="test_cat", name="Test category")
    answer = client.post(
        reverse("ai_registry:new"),
        intake(partners=[dss.pk], data_categories=[category.pk]),
    )
    use_case = UseCase.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == reverse("ai_registry:assessment", args=[use_case.pk])
    assert (use_case.agency, use_case.state, use_case.created_by) == (
        owner.agency,
        State.DRAFT,
        owner,
    )
    assert list(use_case.participants.values_list("agency__code", "role")) == [
        ("DSS", "partnering")
    ]
    assert list(use_case.data_categories.all()) == [category]
    assert use_case.logs.get().action == "create"


def test_a_vendor_must_be_named(client, owner):
    client.force_login(owner)
    answer = client.post(reverse("ai_registry:new"), intake(sourcing="vendor"))
    assert answer.status_code == 400
    assert "Name the vendor." in answer.content.decode()


def test_a_sharing_reviewer_without_an_agency_role_cannot_register(client, db):
    from tests import factories

    client.force_login(factories.reviewer())
    assert client.get(reverse("ai_registry:new")).status_code == 403


@pytest.fixture
def draft(owner):
    return UseCaseFactory(agency=owner.agency, created_by=owner)


def test_the_assessment_saves_score_and_tier(client, owner, draft):
    client.force_login(owner)
    client.post(reverse("ai_registry:assessment", args=[draft.pk]), LOW_ANSWERS)
    draft.refresh_from_db()
    assert (draft.risk_tier, draft.impact_score, draft.impact_answers) == ("low", 0, LOW_ANSWERS)


def test_a_high_risk_assessment_requires_the_safeguards(client, owner, draft):
    client.force_login(owner)
    url = reverse("ai_registry:assessment", args=[draft.pk])
    answer = client.post(url, HIGH_ANSWERS)
    assert answer.status_code == 400
    assert "Required: the assessment gives a high risk." in answer.content.decode()
    draft.refresh_from_db()
    assert draft.risk_tier == ""
    client.post(
        url, {**HIGH_ANSWERS, "safeguards": "Human decides.", "notice_and_appeal": "Hearing."}
    )
    draft.refresh_from_db()
    assert draft.risk_tier == "high"
    body = client.get(reverse("ai_registry:detail", args=[draft.pk])).content.decode()
    assert "The AI decides about people without a human reviewing each outcome." in body


def test_every_question_must_be_answered(client, owner, draft):
    client.force_login(owner)
    answers = dict(LOW_ANSWERS)
    answers.pop("explainability")
    answer = client.post(reverse("ai_registry:assessment", args=[draft.pk]), answers)
    assert answer.status_code == 400


def test_the_owner_edits_a_draft_but_not_once_submitted(client, owner, draft):
    client.force_login(owner)
    url = reverse("ai_registry:edit", args=[draft.pk])
    answer = client.post(url, intake(title="Renamed"))
    assert answer.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Renamed"
    UseCase.objects.filter(pk=draft.pk).update(state=State.SUBMITTED)
    assert client.get(url).status_code == 403


def test_review_actions_through_the_page(client, owner, ai_rev):
    from tests.ai_registry.factories import complete

    use_case = complete(agency=owner.agency, created_by=owner)
    client.force_login(owner)
    url = reverse("ai_registry:action", args=[use_case.pk])
    assert client.post(url, {"action": "submit", "version": use_case.version}).status_code == 302
    client.force_login(ai_rev)
    use_case.refresh_from_db()
    answer = client.post(url, {"action": "not_approve", "version": use_case.version})
    assert answer.status_code == 400
    answer = client.post(url, {"action": "approve", "version": use_case.version - 1})
    assert answer.status_code == 409
    answer = client.post(
        url, {"action": "not_approve", "version": use_case.version, "comment": "Too risky."}
    )
    assert answer.status_code == 302
    use_case.refresh_from_db()
    assert use_case.state == State.NOT_APPROVED
