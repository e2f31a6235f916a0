"""Pages carry `Cache-Control: private, no-store`, so no browser or proxy cache keeps them."""

import pytest
from django.utils.cache import get_max_age

from tests.sharing.factories import SharingRequestFactory


def cache_directives(response) -> set[str]:
    return {d.strip() for d in response.get("Cache-Control", "").split(",") if d.strip()}


@pytest.mark.django_db
def test_sensitive_pages_are_private_and_not_stored(client, officer, curator, agency):
    sr = SharingRequestFactory(requesting_agency=agency, created_by=officer)
    client.force_login(officer)
    for url in ["/", f"/sharing/requests/{sr.pk}/", "/sharing/requests/", "/resources/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert {"private", "no-store"} <= cache_directives(response), url
    client.force_login(curator)
    response = client.get("/admin/")
    assert {"private", "no-store"} <= cache_directives(response)


@pytest.mark.django_db
def test_the_sign_in_page_and_errors_are_not_stored_either(client):
    for url, status in [("/accounts/login/", 200), ("/no-such-page/", 404)]:
        response = client.get(url)
        assert response.status_code == status
        assert "no-store" in cache_directives(response), url


@pytest.mark.django_db
def test_a_view_that_sets_its_own_cache_control_keeps_it(client):
    response = client.get("/healthz")
    assert "no-cache" in cache_directives(response)  # never_cache's own header, unchanged
    assert get_max_age(response) == 0
