"""The home page's counts are kept per user and day under the versions of the areas they are
read from (hub/home_tasks.py): each kind of write still shows on the next visit, and one
person's kept counts are never shown to another."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from accounts.roles import HUB_CURATORS
from hub.link_check import check_links
from sharing import workflow
from tests import factories
from tests.assessments.factories import mini_survey
from tests.hub.factories import ResourceFactory
from tests.sharing.factories import SharingRequestFactory

pytestmark = pytest.mark.django_db
WAITING = '<span class="work-count__number">{}</span> request{} waiting on you</a>'


class Missing(BaseHTTPRequestHandler):
    def do_HEAD(self):
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def missing_server(settings):
    settings.LINK_CHECK_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Missing)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_link_check_shows_on_the_curators_next_visit(client, missing_server):
    ResourceFactory(url=f"{missing_server}/gone")
    client.force_login(factories.curator())
    assert "resource link is broken" not in client.get("/").text  # counted and kept
    check_links(timeout=2)  # writes with update(), which sends no model signal
    assert (
        '<span class="work-count__number">1</span> resource link is broken' in client.get("/").text
    )


def test_a_transition_shows_on_the_next_visit_of_each_officer_only(client):
    dol, sde, dcf = (factories.AgencyFactory(code=c) for c in ("DOL", "SDE", "DCF"))
    provider_officer = factories.data_officer(agency=sde)
    other_officer = factories.data_officer(agency=dcf)
    requester = factories.data_officer(agency=dol)
    sr = SharingRequestFactory(requesting_agency=dol, providing_agency=sde, created_by=requester)
    for officer in (provider_officer, other_officer):
        client.force_login(officer)
        assert "Nothing is waiting on you." in client.get("/").text
    workflow.apply_transition(sr.pk, requester, "submit", version=sr.version, notify=False)
    client.force_login(provider_officer)
    assert WAITING.format(1, "") in client.get("/").text
    client.force_login(other_officer)  # the provider's kept counts are not theirs
    assert "Nothing is waiting on you." in client.get("/").text


def test_a_role_taken_away_takes_the_counts_with_it(client):
    ResourceFactory(link_status=404)
    curator = factories.curator()
    client.force_login(curator)
    assert "resource link is broken" in client.get("/").text
    curator.groups.remove(curator.groups.get(name=HUB_CURATORS))
    curator.is_superuser = False
    curator.save()
    client.force_login(curator)
    assert "resource link is broken" not in client.get("/").text


def test_a_draft_saved_turns_answer_into_finish_at_once(client, leader):
    """A draft renews no version: the respondent's own tasks are asked on every visit."""
    from tests.assessments.factories import add_response

    survey = mini_survey()
    client.force_login(leader)
    assert f"Answer the {survey.title}" in client.get("/").text
    add_response(survey, leader.agency, {"effectiveness": "agree"}, user=leader, status="draft")
    assert f"Finish the {survey.title}" in client.get("/").text


def test_a_suggestion_made_shows_on_the_curators_next_visit(client):
    from hub import suggestions

    curator = factories.curator()
    client.force_login(curator)
    assert "resource suggestion is open" not in client.get("/").text
    suggestions.suggest(factories.leader(), "A course on record linkage")
    assert (
        '<span class="work-count__number">1</span> resource suggestion is open'
        in client.get("/").text
    )
