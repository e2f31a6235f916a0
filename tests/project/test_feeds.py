"""The data feeds: a bearer token signs in its owner for one request, with the pages' rights."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import tokens
from accounts.models import ApiToken, ApiTokenUse
from tests import factories
from tests.assessments.factories import hand_computed_dataset, mini_survey
from tests.hub.factories import ResourceFactory, draft
from tests.sharing.factories import executed


@pytest.fixture
def agencies(db):
    return {
        code: factories.AgencyFactory(code=code, name=f"Agency {code}")
        for code in ("DSS", "DOL", "DPH", "DOT")
    }


@pytest.fixture
def survey(db):
    return mini_survey()


@pytest.fixture
def officer_elsewhere(db):
    """A data officer of an agency that has no response in the survey."""
    return factories.data_officer(agency=factories.AgencyFactory(code="DMV"))


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_results_feed_is_the_results_page_export(client, survey, agencies):
    hand_computed_dataset(survey, agencies)
    _token, secret = tokens.create_token(factories.leader(agency=agencies["DSS"]), "Power BI")
    data = client.get(reverse("feeds:results_json", args=[survey.key]), **bearer(secret)).json()
    assert data["survey"] == survey.key and data["respondents"] == 8
    rows = csv_rows(client.get(reverse("feeds:results_csv", args=[survey.key]), **bearer(secret)))
    assert rows[0] == ["question", "type", "item", "text", "measure", "value"]
    assert ["", "", "", "", "respondents", "8"] in rows


def test_breakdown_feed_keeps_the_pages_suppression(client, survey, agencies):
    hand_computed_dataset(survey, agencies)
    _token, secret = tokens.create_token(factories.leader(agency=agencies["DSS"]), "Power BI")
    page = client.get(reverse("feeds:breakdown_json", args=[survey.key]), **bearer(secret))
    client.force_login(factories.leader(agency=agencies["DOL"]))
    session = client.get(reverse("assessments:breakdown_json", args=[survey.key]))
    assert page.status_code == 200 and page.json() == session.json()
    feed_csv = client.get(reverse("feeds:breakdown_csv", args=[survey.key]), **bearer(secret))
    session_csv = client.get(reverse("assessments:breakdown_csv", args=[survey.key]))
    assert feed_csv.content == session_csv.content
    assert any(row[-1] == "" for row in csv_rows(feed_csv)[1:])  # suppressed cells stay empty


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer sdh_not-a-token-at-all",
        "Basic c29tZTpvbmU=",
        "Bearer ",
    ],
)
def test_no_token_or_a_bad_one_gets_401_with_no_data(client, survey, agencies, header):
    hand_computed_dataset(survey, agencies)
    extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    answer = client.get(reverse("feeds:results_csv", args=[survey.key]), **extra)
    assert answer.status_code == 401
    assert answer["WWW-Authenticate"].startswith("Bearer")
    assert b"respondents" not in answer.content and "sessionid" not in answer.cookies


def test_expired_and_revoked_tokens_get_401(client, survey, agencies):
    hand_computed_dataset(survey, agencies)
    curator = factories.curator(agency=agencies["DOT"])
    expired, expired_secret = tokens.create_token(curator, "old", days=1)
    ApiToken.objects.filter(pk=expired.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3),
        expires_at=timezone.now() - datetime.timedelta(seconds=1),
    )
    revoked, revoked_secret = tokens.create_token(curator, "revoked")
    assert tokens.revoke_token(revoked, by=curator)
    for secret in (expired_secret, revoked_secret):
        answer = client.get(reverse("feeds:responses_csv", args=[survey.key]), **bearer(secret))
        assert answer.status_code == 401 and b"DSS" not in answer.content
    assert not ApiTokenUse.objects.exists()


def test_a_session_cookie_does_not_open_a_feed(client, survey, agencies):
    client.force_login(factories.curator(agency=agencies["DOT"]))
    assert client.get(reverse("feeds:responses_csv", args=[survey.key])).status_code == 401


def test_raw_responses_feed_is_for_curators_only(client, survey, agencies, officer_elsewhere):
    hand_computed_dataset(survey, agencies)
    _token, secret = tokens.create_token(officer_elsewhere, "mine")
    answer = client.get(reverse("feeds:responses_csv", args=[survey.key]), **bearer(secret))
    assert answer.status_code == 403
    assert b"DSS" not in answer.content and b"strongly_agree" not in answer.content
    _token, own = tokens.create_token(factories.data_officer(agency=agencies["DSS"]), "own")
    # Not even an officer of an agency that answered reads the raw rows.
    assert (
        client.get(reverse("feeds:responses_csv", args=[survey.key]), **bearer(own)).status_code
        == 403
    )
    _token, curators = tokens.create_token(factories.curator(agency=agencies["DOT"]), "c")
    rows = csv_rows(
        client.get(reverse("feeds:responses_csv", args=[survey.key]), **bearer(curators))
    )
    assert len(rows) == 10 and "agency" in rows[0]  # header, 8 submitted, the draft


def test_a_feed_never_creates_a_session(client, survey, agencies):
    _token, secret = tokens.create_token(factories.curator(agency=agencies["DOT"]), "c")
    answer = client.get(reverse("feeds:results_json", args=[survey.key]), **bearer(secret))
    assert answer.status_code == 200 and not answer.cookies
    # and the next request without the header is not signed in
    assert client.get(reverse("feeds:results_json", args=[survey.key])).status_code == 401


def test_feeds_are_read_only(client, survey, agencies):
    _token, secret = tokens.create_token(factories.curator(agency=agencies["DOT"]), "c")
    answer = client.post(reverse("feeds:results_json", args=[survey.key]), **bearer(secret))
    assert answer.status_code == 405


def test_register_feed_lists_the_agreements_as_the_register_does(client, officer_elsewhere):
    sr = executed()
    _token, secret = tokens.create_token(officer_elsewhere, "register")
    data = client.get(reverse("feeds:register_json"), **bearer(secret)).json()
    assert data["columns"][:3] == ["request", "providing_agency", "receiving_agency"]
    assert [row["request"] for row in data["agreements"]] == [sr.pk]
    assert data["agreements"][0]["receiving_agency"] == sr.requesting_agency.code
    rows = csv_rows(client.get(reverse("feeds:register_csv"), **bearer(secret)))
    assert rows[0] == data["columns"] and rows[1][0] == str(sr.pk)


def test_register_feed_applies_the_registers_filter(client, officer_elsewhere):
    kept = executed()
    executed()
    _token, secret = tokens.create_token(officer_elsewhere, "register")
    url = reverse("feeds:register_json") + f"?agency={kept.providing_agency_id}"
    data = client.get(url, **bearer(secret)).json()
    assert [row["request"] for row in data["agreements"]] == [kept.pk]


def test_catalog_feed_has_published_resources_without_curators_fields(client, officer_elsewhere):
    published = ResourceFactory(title="Data glossary")
    draft(title="Not yet")
    _token, secret = tokens.create_token(officer_elsewhere, "catalog")
    data = client.get(reverse("feeds:resources_json"), **bearer(secret)).json()
    assert [row["title"] for row in data["resources"]] == ["Data glossary"]
    assert data["resources"][0]["url"] == published.url
    assert "owner" not in data["columns"] and "review_by" not in data["columns"]
    rows = csv_rows(client.get(reverse("feeds:resources_csv"), **bearer(secret)))
    assert rows[0] == data["columns"] and len(rows) == 2


def test_every_use_is_logged(client, survey, agencies):
    user = factories.leader(agency=agencies["DSS"])
    token, secret = tokens.create_token(user, "Power BI")
    client.get(reverse("feeds:results_json", args=[survey.key]), **bearer(secret))
    client.get(reverse("feeds:resources_csv"), **bearer(secret))
    uses = list(ApiTokenUse.objects.order_by("used_at", "pk"))
    assert [(u.user, u.token.name, u.feed) for u in uses] == [
        (user, "Power BI", reverse("feeds:results_json", args=[survey.key])),
        (user, "Power BI", reverse("feeds:resources_csv")),
    ]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_past_the_rate_a_token_gets_429(client, monkeypatch, agencies):
    monkeypatch.setattr(tokens, "RATE_PER_MINUTE", 3)
    _token, secret = tokens.create_token(factories.leader(agency=agencies["DSS"]), "busy")
    _other, other_secret = tokens.create_token(factories.leader(agency=agencies["DOL"]), "calm")
    url = reverse("feeds:resources_json")
    codes = [client.get(url, **bearer(secret)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = client.get(url, **bearer(secret))
    assert limited["Retry-After"] == "60" and b"resources" not in limited.content
    assert client.get(url, **bearer(other_secret)).status_code == 200  # per token
    assert ApiTokenUse.objects.filter(token__name="busy").count() == 3


def test_uses_older_than_a_minute_do_not_count(client, monkeypatch, agencies):
    monkeypatch.setattr(tokens, "RATE_PER_MINUTE", 1)
    token, secret = tokens.create_token(factories.leader(agency=agencies["DSS"]), "hourly")
    url = reverse("feeds:resources_json")
    assert client.get(url, **bearer(secret)).status_code == 200
    ApiTokenUse.objects.filter(token=token).update(
        used_at=timezone.now() - datetime.timedelta(seconds=61)
    )
    assert client.get(url, **bearer(secret)).status_code == 200
