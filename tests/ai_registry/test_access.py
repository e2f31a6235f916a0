"""A use case not approved is visible only to its agencies, the AI reviewers and curators;
approved ones to every signed-in user. Every URL is tried with an unrelated agency's user."""

import pytest
from django.urls import reverse

from ai_registry.models import UseCase
from ai_registry.states import State
from tests import factories
from tests.ai_registry.factories import complete, join

SECRET = "Zebra-unicorn pilot"


@pytest.fixture
def draft(owner):
    return complete(agency=owner.agency, created_by=owner, title=SECRET, open_to_partners=False)


OBJECT_URLS = ["detail", "edit", "assessment"]
POST_URLS = ["action", "join"]


@pytest.mark.parametrize("name", OBJECT_URLS)
def test_an_unrelated_agency_gets_404_and_no_data(client, draft, outsider, name):
    client.force_login(outsider)
    answer = client.get(reverse(f"ai_registry:{name}", args=[draft.pk]))
    assert answer.status_code == 404
    assert SECRET not in answer.content.decode()


@pytest.mark.parametrize("name", POST_URLS)
def test_an_unrelated_agency_cannot_post_to_a_hidden_use_case(client, draft, outsider, name):
    client.force_login(outsider)
    data = {"action": "submit", "version": draft.version, "role": "interested"}
    answer = client.post(reverse(f"ai_registry:{name}", args=[draft.pk]), data)
    assert answer.status_code == 404
    assert SECRET not in answer.content.decode()
    assert UseCase.objects.get(pk=draft.pk).state == State.DRAFT
    assert not draft.participants.exists()


def test_lists_exports_and_search_leave_it_out_for_an_unrelated_agency(client, draft, outsider):
    client.force_login(outsider)
    for name in ("inventory", "inventory_csv", "inventory_xlsx", "inventory_json"):
        answer = client.get(reverse(f"ai_registry:{name}"))
        assert answer.status_code == 200
        assert SECRET.encode() not in answer.content
    answer = client.get(reverse("ai_registry:new"), {"title": "Zebra unicorn", "purpose": "pilot"})
    assert SECRET not in answer.content.decode()
    from ai_registry.site_search import use_cases
    from hub import site_search

    assert use_cases(outsider, site_search.prepare("zebra"), 10).count == 0


@pytest.mark.parametrize("who", ["owner", "partner", "ai_rev", "curator"])
def test_its_agencies_and_the_reviewers_see_a_draft(client, draft, who, request):
    join(draft, request.getfixturevalue("dss"))
    user = request.getfixturevalue(who)
    client.force_login(user)
    answer = client.get(reverse("ai_registry:detail", args=[draft.pk]))
    assert answer.status_code == 200
    assert SECRET in answer.content.decode()
    assert SECRET in client.get(reverse("ai_registry:inventory")).content.decode()


def test_a_leader_of_another_agency_sees_an_approved_use_case(client, draft, dcf):
    UseCase.objects.filter(pk=draft.pk).update(state=State.APPROVED, internal_notes="Budget note")
    client.force_login(factories.leader(agency=dcf))
    body = client.get(reverse("ai_registry:detail", args=[draft.pk])).content.decode()
    assert SECRET in body
    assert "Budget note" not in body  # internal notes stay with its agencies


def test_an_outsider_cannot_edit_an_approved_one(client, draft, outsider):
    UseCase.objects.filter(pk=draft.pk).update(state=State.APPROVED)
    client.force_login(outsider)
    assert client.get(reverse("ai_registry:edit", args=[draft.pk])).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client, draft):
    answer = client.get(reverse("ai_registry:detail", args=[draft.pk]))
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]


def test_the_inventory_reads_a_constant_number_of_queries(
    client, owner, dss, dcf, django_assert_max_num_queries
):
    client.force_login(owner)

    def make(n):
        for _ in range(n):
            use_case = complete(agency=owner.agency, created_by=owner)
            join(use_case, dss)
            use_case.data_categories.set([])

    make(2)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("ai_registry:inventory"))
    make(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        answer = client.get(reverse("ai_registry:inventory"))
    assert answer.context["page"].paginator.count == 12
