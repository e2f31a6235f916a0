"""The request page's forms: drawn by crispy in the page's template on every view, so the
CSRF token and the user's input are never shared."""

import pytest

from tests.sharing.factories import SharingRequestFactory

pytestmark = pytest.mark.django_db
FIELD_TEMPLATE = "bootstrap5/field.html"


def test_every_view_draws_the_forms_through_crispy_templates(client, draft, requester):
    client.force_login(requester)
    for _ in range(2):  # the second view too: no markup kept from the first
        response = client.get(f"/sharing/requests/{draft.pk}/")
        names = [t.name for t in response.templates]
        assert names.count(FIELD_TEMPLATE) == 4  # action comment, comment body, file, kind


def test_forms_show_their_labels_help_and_fields(client, draft, requester):
    client.force_login(requester)
    page = client.get(f"/sharing/requests/{draft.pk}/").content.decode()
    for text in [
        "Comment or reason",
        "Required to request changes, reject or terminate.",
        "Add a comment",
        "Attach a file",
        "What the file is",
        "10 MB at most.",
    ]:
        assert text in page
    for field in ['name="comment"', 'name="body"', 'name="file"', 'name="kind"']:
        assert field in page
    assert f'name="version" value="{draft.version}"' in page


def test_a_rejected_comment_shows_its_error_next_to_the_field(client, draft, requester):
    client.force_login(requester)
    response = client.post(f"/sharing/requests/{draft.pk}/comments/", {"body": ""})
    assert response.status_code == 400
    assert "is-invalid" in response.content.decode()
    page = client.get(f"/sharing/requests/{draft.pk}/").content.decode()
    assert "is-invalid" not in page  # the next view draws a blank form


def test_each_visitor_gets_their_own_token(client, requester, sde):
    sr = SharingRequestFactory(
        requesting_agency=requester.agency, providing_agency=sde, created_by=requester
    )
    tokens = []
    for _ in range(2):
        client.logout()
        client.force_login(requester)
        response = client.get(f"/sharing/requests/{sr.pk}/")
        tokens.append(response.context["csrf_token"])
        assert response.content.decode().count(f'value="{response.context["csrf_token"]}"') >= 3
    assert tokens[0] != tokens[1]
