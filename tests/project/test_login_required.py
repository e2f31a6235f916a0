"""Every page is behind login: walk every URL pattern as an anonymous visitor."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# /inventory/data.json is the public entries for data.gov harvesters (DCAT-US): no sign-in.
PUBLIC_PREFIXES = (
    "/healthz",
    "/accounts/login/",
    "/accounts/password_reset/",
    "/accounts/reset/",
    "/inventory/data.json",
)


def _sample(pattern) -> str:
    """Turn one route or regex fragment into a concrete path with sample arguments."""
    text = str(pattern.pattern)
    text = re.sub(r"<(?:int):\w+>", "1", text)
    text = re.sub(r"<(?:\w+:)?\w+>", "sample", text)
    text = re.sub(r"\(\?P<\w+>([^)|]*)[^)]*\)", lambda m: m.group(1) or "1", text)
    text = re.sub(r"\[\^/\.\]\+|\.\+|\[0-9\]\+|\\d\+|\[\^/\]\+", "1", text)
    return text.replace("^", "").replace("$", "").replace("\\", "").replace("?", "")


def all_paths(resolver=None, prefix="/"):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        path = prefix + _sample(entry)
        if isinstance(entry, URLResolver):
            yield from all_paths(entry, path)
        elif isinstance(entry, URLPattern):
            yield path


def is_public(path: str) -> bool:
    return path.startswith(PUBLIC_PREFIXES) or path.startswith(("/static/", "/media/"))


# Feeds answer a bearer token, not a session: without one, 401 (never the sign-in page).
FEED_PATHS = sorted(p for p in set(all_paths()) if p.startswith("/feeds/"))
PROTECTED_PATHS = sorted(p for p in set(all_paths()) if not is_public(p) and p not in FEED_PATHS)


def test_walk_finds_the_apps_and_admin():
    for expected in ["/", "/resources/", "/assessments/", "/sharing/", "/admin/"]:
        assert expected in PROTECTED_PATHS
    assert "/healthz" in set(all_paths()) - set(PROTECTED_PATHS)


@pytest.mark.django_db
@pytest.mark.parametrize("path", PROTECTED_PATHS)
def test_anonymous_request_is_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code in (301, 302), f"{path} answered {response.status_code}"
    location = response["Location"]
    if location.startswith("/admin/login/"):
        location = client.get(location)["Location"]
    assert location.startswith("/accounts/login/"), f"{path} redirected to {location}"


@pytest.mark.django_db
@pytest.mark.parametrize("path", FEED_PATHS)
def test_anonymous_feed_request_gets_401(client, path):
    response = client.get(path)
    assert response.status_code == 401, f"{path} answered {response.status_code}"
    assert response.json() == {
        "error": "A valid API token is required: Authorization: Bearer <token>."
    }


def test_walk_finds_the_feeds():
    assert "/feeds/resources.csv" in FEED_PATHS and "/feeds/sharing/register.json" in FEED_PATHS


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/accounts/password_reset/", "/accounts/password_reset/done/"]
)
def test_public_pages_answer_anonymous_visitors(client, path):
    assert client.get(path).status_code == 200


@pytest.mark.django_db
def test_healthz_needs_no_login(client):
    assert client.get("/healthz").status_code == 200
