""" "Suggest a resource": offered on zero results, sent to the curators' home and the admin,
and the person emailed when a curator marks it added."""

import pytest
from django.test import Client

from hub import suggestions
from hub.search_models import ResourceSuggestion, SuggestionStatus
from tests import factories
from tests.hub.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def test_zero_results_offer_the_suggest_form(leader_client):
    response = leader_client.get("/search/", {"q": "quantum basket weaving"})
    assert response.context["total"] == 0
    body = response.content.decode()
    assert 'data-testid="suggest"' in body
    assert 'name="query" value="quantum basket weaving"' in body
    # Results: no form.
    ResourceFactory(title="Basket weaving for analysts")
    response = leader_client.get("/search/", {"q": "basket weaving"})
    assert response.context["suggest_form"] is None


def test_the_catalog_list_offers_it_on_zero_results_too(leader_client):
    ResourceFactory(title="Census data")
    body = leader_client.get("/resources/", {"q": "zebra crossings"}).content.decode()
    assert 'href="/search/suggest/?q=zebra%20crossings"' in body
    page = leader_client.get("/search/suggest/", {"q": "zebra crossings"}).content.decode()
    assert 'value="zebra crossings"' in page


def test_a_suggestion_is_stored_and_thanked(leader_client, leader):
    response = leader_client.post(
        "/search/suggest/",
        {"needed": "A map of rail crossings", "link": "example.org/rail", "query": "rail"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/search/?q=rail"
    suggestion = ResourceSuggestion.objects.get()
    assert (suggestion.person, suggestion.query, suggestion.link, suggestion.status) == (
        leader,
        "rail",
        "https://example.org/rail",
        SuggestionStatus.OPEN,
    )
    assert (
        "the curators have your suggestion"
        in leader_client.get(response["Location"]).content.decode()
    )


@pytest.mark.parametrize(
    "data",
    [
        {"needed": ""},
        {"needed": "bad\x00byte"},
        {"needed": "x" * 2001},
        {"needed": "ok", "link": "javascript:alert(1)"},
        {"needed": "ok", "link": "https://a.example/\nBcc: x@y.z"},
        {"needed": "ok", "query": "a\nb"},
    ],
)
def test_bad_suggestions_are_refused_with_a_message(leader_client, data):
    response = leader_client.post("/search/suggest/", data)
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert not ResourceSuggestion.objects.exists()


def test_open_suggestions_reach_the_curators_home_and_the_admin(leader, curator):
    suggestions.suggest(leader, "Rail crossings", query="rail")
    suggestions.suggest(leader, "Ferry timetables")
    client = Client()
    client.force_login(curator)
    body = client.get("/").content.decode()
    assert "resource suggestions are open" in body
    assert "/admin/hub/resourcesuggestion/?status__exact=open" in body
    changelist = client.get("/admin/hub/resourcesuggestion/", {"status__exact": "open"})
    assert changelist.status_code == 200
    assert "Rail crossings" in changelist.content.decode()
    assert client.get("/admin/hub/resourcesuggestion/add/").status_code == 403

    other = Client()
    other.force_login(leader)  # not a curator: no task, no admin
    assert "resource suggestion" not in other.get("/").content.decode()
    assert other.get("/admin/hub/resourcesuggestion/").status_code == 302


def test_marking_it_added_emails_the_person_once(
    leader, curator, mailoutbox, django_capture_on_commit_callbacks
):
    suggestion = suggestions.suggest(leader, "Rail crossings", query="rail")
    resource = ResourceFactory(title="Rail crossings map", slug="rail-crossings-map")
    client = Client()
    client.force_login(curator)
    url = f"/admin/hub/resourcesuggestion/{suggestion.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": "added", "resource": ""})
    assert response.status_code == 200  # added needs its resource
    assert b"Choose the resource that was added for it." in response.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"status": "added", "resource": resource.pk})
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == "added" and suggestion.resource == resource
    assert suggestion.decided_at and suggestion.notified_at
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [leader.email]
    assert "Rail crossings map" in message.body
    assert "/resources/rail-crossings-map/" in message.body
    # Saved again (or reopened and added again): no second email.
    with django_capture_on_commit_callbacks(execute=True):
        suggestions.decide(suggestion, "added", resource)
    assert len(mailoutbox) == 1
    assert "suggestion is open" not in client.get("/").content.decode()
    assert "suggestions are open" not in client.get("/").content.decode()


def test_declining_sends_nothing(leader, mailoutbox, django_capture_on_commit_callbacks):
    suggestion = suggestions.suggest(leader, "Something odd")
    with django_capture_on_commit_callbacks(execute=True):
        suggestions.decide(suggestion, "declined")
    suggestion.refresh_from_db()
    assert suggestion.status == "declined" and suggestion.decided_at
    assert mailoutbox == []


def test_a_person_of_another_agency_never_sees_a_suggestion(leader):
    suggestions.suggest(leader, "Secret wish list")
    other = Client()
    other.force_login(factories.data_officer(agency=factories.AgencyFactory(code="DEEP")))
    for url in ["/", "/search/?q=secret", "/resources/?q=secret"]:
        assert "Secret wish list" not in other.get(url).content.decode()
