"""A use case names the inventory datasets it uses: its own agency's, whose data categories
join the use case's, shown on its page."""

import pytest
from django.urls import reverse

from ai_registry.models import UseCase
from tests.ai_registry.factories import UseCaseFactory
from tests.ai_registry.test_intake import intake
from tests.inventory.factories import DatasetFactory

pytestmark = pytest.mark.django_db


def test_a_dataset_named_at_intake_brings_its_categories_and_shows_on_the_page(client, owner):
    wages = DatasetFactory(
        agency=owner.agency, title="Wage records", categories=["ui_wage_records"]
    )
    client.force_login(owner)
    answer = client.post(reverse("ai_registry:new"), intake(datasets=[wages.pk]))
    assert answer.status_code == 302
    use_case = UseCase.objects.get()
    assert list(use_case.datasets.all()) == [wages]
    assert list(use_case.data_categories.values_list("key", flat=True)) == ["ui_wage_records"]
    page = client.get(reverse("ai_registry:detail", args=[use_case.pk])).content.decode()
    assert f'<a href="{wages.get_absolute_url()}">Wage records</a> (DOL)' in page


def test_another_agencys_dataset_cannot_be_named(client, owner, dss):
    theirs = DatasetFactory(agency=dss, title="Their records")
    client.force_login(owner)
    form_page = client.get(reverse("ai_registry:new"), {"title": "Chat", "purpose": "Answer."})
    assert "Their records" not in form_page.content.decode()
    answer = client.post(reverse("ai_registry:new"), intake(datasets=[theirs.pk]))
    assert answer.status_code == 400
    assert not UseCase.objects.exists()


def test_editing_replaces_the_datasets(client, owner):
    first = DatasetFactory(agency=owner.agency, title="First")
    second = DatasetFactory(agency=owner.agency, title="Second")
    use_case = UseCaseFactory(agency=owner.agency, created_by=owner)
    use_case.datasets.set([first])
    client.force_login(owner)
    answer = client.post(
        reverse("ai_registry:edit", args=[use_case.pk]), intake(datasets=[second.pk])
    )
    assert answer.status_code == 302
    assert list(use_case.datasets.all()) == [second]
