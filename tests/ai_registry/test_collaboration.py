"""Agencies join use cases (once each); similar use cases are suggested at intake."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from ai_registry import selectors, services
from ai_registry.models import UseCaseAgency
from ai_registry.states import State
from tests.ai_registry.factories import complete, join


@pytest.fixture
def chatbot(owner):
    return complete(
        agency=owner.agency,
        created_by=owner,
        title="Chatbot for unemployment insurance questions",
        purpose="Answer claimants' questions about benefits around the clock.",
    )


def test_an_agency_joins_once(client, chatbot, partner):
    client.force_login(partner)
    url = reverse("ai_registry:join", args=[chatbot.pk])
    answer = client.post(url, {"role": "partnering"}, follow=True)
    assert answer.status_code == 200
    assert "Department of Social Services (partnering)" in answer.content.decode()
    client.post(url, {"role": "interested"})
    assert list(chatbot.participants.values_list("agency__code", "role")) == [("DSS", "partnering")]


def test_the_database_allows_one_row_per_agency_and_use_case(chatbot, dss):
    join(chatbot, dss)
    with pytest.raises(IntegrityError):
        join(chatbot, dss, "interested")


def test_the_owning_agency_does_not_join_its_own(chatbot, owner):
    with pytest.raises(services.AlreadyJoined):
        services.join(chatbot, owner, "interested")


def test_the_page_shows_its_partners(client, chatbot, owner, dss, dcf):
    join(chatbot, dss, "partnering")
    join(chatbot, dcf, "interested")
    client.force_login(owner)
    body = client.get(reverse("ai_registry:detail", args=[chatbot.pk])).content.decode()
    assert "Department of Social Services (partnering)" in body
    assert "Department of Children and Families (interested)" in body


def test_similar_use_cases_are_found_by_their_words(chatbot, partner):
    found = selectors.similar(partner, "A chatbot to answer questions on SNAP")
    assert found == [chatbot]
    assert selectors.similar(partner, "Forecast road salt") == []
    assert selectors.similar(partner, "   ") == []


def test_a_use_case_closed_to_partners_is_not_suggested_to_others(chatbot, partner, owner):
    chatbot.open_to_partners = False
    chatbot.save()
    assert selectors.similar(partner, "chatbot questions") == []
    assert selectors.similar(owner, "chatbot questions") == [chatbot]


def test_an_approved_one_is_suggested_even_when_closed(chatbot, partner):
    chatbot.open_to_partners = False
    chatbot.state = State.APPROVED
    chatbot.save()
    assert selectors.similar(partner, "chatbot") == [chatbot]


def test_intake_step_two_suggests_and_joins(client, chatbot, partner):
    client.force_login(partner)
    answer = client.get(
        reverse("ai_registry:new"),
        {"title": "Benefits chatbot", "purpose": "Answer questions about SNAP."},
    )
    body = answer.content.decode()
    assert f"AI-{chatbot.pk} {chatbot.title}" in body
    assert f"Join AI-{chatbot.pk}" in body
    # A draft of another agency: its title and agency only, no link to its page.
    assert reverse("ai_registry:detail", args=[chatbot.pk]) + '"' not in body
    client.post(reverse("ai_registry:join", args=[chatbot.pk]), {"role": "interested"})
    assert UseCaseAgency.objects.filter(use_case=chatbot, agency=partner.agency).exists()
    assert client.get(reverse("ai_registry:detail", args=[chatbot.pk])).status_code == 200
