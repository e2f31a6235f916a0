import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from hub.catalog_models import Watch
from tests import factories
from tests.hub.factories import ResourceFactory, draft

pytestmark = pytest.mark.django_db


def digests():
    call_command("send_resource_digests", "--base-url", "https://hub.ct.gov", stdout=io.StringIO())


def test_follow_a_tag_from_a_resource_page(leader_client, leader):
    resource = ResourceFactory(tags=["gis"])
    response = leader_client.post(
        "/resources/watching/new/", {"tag": "gis", "next": resource.get_absolute_url()}
    )
    assert response.status_code == 302 and response["Location"] == resource.get_absolute_url()
    assert Watch.objects.get(user=leader).tag.name == "gis"
    leader_client.post("/resources/watching/new/", {"tag": "gis"})
    assert Watch.objects.filter(user=leader).count() == 1


def test_watch_a_search_stores_its_filters(leader_client, leader):
    leader_client.post("/resources/watching/new/", {"query": "type=training&q=maps&page=3"})
    assert Watch.objects.get(user=leader).query == "q=maps&type=training"
    response = leader_client.get("/resources/?q=maps&type=training")
    assert response.context["watching"] is True


def test_one_digest_per_user_with_only_new_matches(leader, officer):
    gis = ResourceFactory(tags=["gis"]).tags.get()
    Watch.objects.create(user=leader, tag=gis)
    Watch.objects.create(user=leader, query="q=census")
    Watch.objects.create(user=officer, query="type=video")
    earlier = timezone.now() - timezone.timedelta(days=1)
    Watch.objects.update(created_at=earlier)
    ResourceFactory(title="Old GIS notes", tags=["gis"], published_at=earlier)
    ResourceFactory(title="New GIS course", tags=["gis"])
    ResourceFactory(title="Census primer")
    draft(title="Census draft")

    digests()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [leader.email]
    assert "New GIS course" in message.body and "Census primer" in message.body
    assert "Old GIS notes" not in message.body and "Census draft" not in message.body
    assert "https://hub.ct.gov/resources/" in message.body

    mail.outbox.clear()
    digests()
    assert mail.outbox == []
    ResourceFactory(title="Census atlas")
    digests()
    assert len(mail.outbox) == 1 and "Census atlas" in mail.outbox[0].body


def test_user_cannot_delete_another_users_watch(leader_client, leader):
    other = factories.data_officer(agency=factories.AgencyFactory(code="DEEP"))
    watch = Watch.objects.create(user=other, query="q=census")
    assert leader_client.post(f"/resources/watching/{watch.pk}/delete/").status_code == 404
    url = f"/resources/watching/{watch.pk}/delete/"
    assert leader_client.post(url, {"confirmed": "1"}).status_code == 404
    mine = Watch.objects.create(user=leader, query="q=census")
    confirmed = {"confirmed": "1"}
    assert (
        leader_client.post(f"/resources/watching/{mine.pk}/delete/", confirmed).status_code == 302
    )
    assert list(Watch.objects.all()) == [watch]


def test_stopping_a_watch_asks_for_confirmation_first(leader_client, leader):
    mine = Watch.objects.create(user=leader, query="q=census")
    url = f"/resources/watching/{mine.pk}/delete/"
    response = leader_client.post(url)
    html = response.content.decode()
    assert response.status_code == 200 and Watch.objects.filter(pk=mine.pk).exists()
    assert "Stop watching the search q=census?" in html
    assert f'<form method="post" action="{url}"' in html
    assert '<input type="hidden" name="confirmed" value="1">' in html
    assert '<a class="btn btn-link" href="/resources/watching/">Cancel</a>' in html
    response = leader_client.post(url, {"confirmed": "1"}, follow=True)
    assert not Watch.objects.filter(pk=mine.pk).exists()
    assert "You no longer watch that." in response.content.decode()


def test_watch_list_shows_only_my_watches(leader_client, leader):
    Watch.objects.create(user=leader, query="q=maps")
    other = factories.data_officer(agency=factories.AgencyFactory(code="DEEP"))
    Watch.objects.create(user=other, query="q=secret")
    html = leader_client.get("/resources/watching/").content.decode()
    assert "q=maps" in html and "q=secret" not in html


def test_an_empty_or_overlong_search_is_not_watched(leader_client, leader):
    leader_client.post("/resources/watching/new/", {"query": "page=2"})
    leader_client.post("/resources/watching/new/", {"query": "q=" + "x" * 600})
    assert not Watch.objects.filter(user=leader).exists()
