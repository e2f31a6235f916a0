import pytest

from tests import factories


@pytest.fixture
def other_agency_user(db):
    """A signed-in user of an agency unrelated to any resource in the tests."""
    return factories.data_officer(agency=factories.AgencyFactory(code="DEEP"))


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture(autouse=True)
def catalog_reference_data(request):
    """Browser tests (transactional) flush the tables that migrations filled; put back what
    the catalog's tests rely on: the topic tags and the curators' catalog permissions."""
    if "db" not in request.fixturenames and not request.node.get_closest_marker("django_db"):
        return
    request.getfixturevalue("db")
    from django.contrib.auth.models import Group, Permission
    from taggit.models import Tag

    from accounts import roles
    from hub.topics import TOPIC_TAGS

    if Tag.objects.filter(name__in=TOPIC_TAGS).count() < len(TOPIC_TAGS):
        for name in TOPIC_TAGS:
            Tag.objects.get_or_create(name=name, defaults={"slug": name.replace(" ", "-")})
    group, _ = Group.objects.get_or_create(name=roles.HUB_CURATORS)
    if not group.permissions.filter(codename="change_resource").exists():
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label__in=["hub", "taggit"],
                codename__regex=r"_(resource|tag|watch|historicalresource)$",
            )
        )
