"""Sharing requests name inventory datasets: the wizard's picker, "Request this data",
categories from the datasets, and the register's and dataset page's agreements."""

from django.urls import reverse

from inventory.models import RequestedDataset
from sharing.models import SharingRequest
from tests.inventory.factories import DatasetFactory, name_in
from tests.sharing.factories import SharingRequestFactory, executed


def test_request_this_data_starts_the_wizard_with_the_dataset(client, dss_officer, restricted, dol):
    client.force_login(dss_officer)
    url = reverse("inventory:start_request", args=[restricted.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "Wages for evaluation"})
    sr = SharingRequest.objects.get()
    assert response["Location"] == reverse("sharing:request_step", args=[sr.pk, "purpose"])
    assert sr.providing_agency == dol and sr.requesting_agency_id == dss_officer.agency_id
    assert list(sr.datasets.all()) == [restricted]
    assert [c.key for c in sr.categories.all()] == ["ui_wage_records"]


def test_request_page_warns_of_existing_agreements(client, sde_officer, restricted, dol, dss):
    name_in(restricted, executed(requesting_agency=dss, providing_agency=dol))
    client.force_login(sde_officer)
    body = client.get(reverse("inventory:start_request", args=[restricted.pk])).content.decode()
    assert 'data-testid="existing-agreements"' in body


def test_own_agency_and_non_officers_cannot_start_a_request(
    client, dol_officer, leader, restricted
):
    for user in (dol_officer, leader):
        client.force_login(user)
        assert (
            client.get(reverse("inventory:start_request", args=[restricted.pk])).status_code == 403
        )


def test_wizard_data_step_shows_the_picker_and_picks_set_categories(client, dss, dol, dss_officer):
    sr = SharingRequestFactory(
        requesting_agency=dss, providing_agency=dol, created_by=dss_officer, categories=[]
    )
    wages = DatasetFactory(agency=dol, title="Wage file", categories=["ui_wage_records"])
    client.force_login(dss_officer)
    step = client.get(reverse("sharing:request_step", args=[sr.pk, "data"])).content.decode()
    assert reverse("inventory:pick_datasets", args=[sr.pk]) in step
    picker = client.get(reverse("inventory:pick_datasets", args=[sr.pk]))
    assert wages in picker.context["form"].fields["datasets"].queryset
    client.post(reverse("inventory:pick_datasets", args=[sr.pk]), {"datasets": [wages.pk]})
    assert list(sr.datasets.all()) == [wages]
    assert [c.key for c in sr.categories.all()] == ["ui_wage_records"]
    step = client.get(reverse("sharing:request_step", args=[sr.pk, "data"])).content.decode()
    assert "Wage file" in step
    client.post(reverse("inventory:pick_datasets", args=[sr.pk]), {"datasets": []})
    assert not RequestedDataset.objects.exists()


def test_picker_search_finds_datasets_of_any_agency(client, dss, dol, sde, dss_officer):
    sr = SharingRequestFactory(requesting_agency=dss, providing_agency=dol, created_by=dss_officer)
    other = DatasetFactory(agency=sde, title="Graduation rates", description="Cohort graduation")
    client.force_login(dss_officer)
    response = client.get(reverse("inventory:pick_datasets", args=[sr.pk]), {"q": "graduation"})
    assert other in response.context["form"].fields["datasets"].queryset


def test_unrelated_officer_cannot_pick_for_a_request(client, dss, dol, sde_officer, dss_officer):
    sr = SharingRequestFactory(requesting_agency=dss, providing_agency=dol, created_by=dss_officer)
    client.force_login(sde_officer)
    assert client.get(reverse("inventory:pick_datasets", args=[sr.pk])).status_code == 404


def test_register_lists_the_datasets_of_each_agreement(client, sde_officer, restricted, dol, dss):
    sr = executed(requesting_agency=dss, providing_agency=dol)
    name_in(restricted, sr)
    client.force_login(sde_officer)
    body = client.get(reverse("sharing:register")).content.decode()
    assert reverse("inventory:detail", args=[restricted.pk]) in body


def test_picker_finds_a_restricted_dataset_by_title_not_by_its_details(
    client, dss, dol, dss_officer, restricted
):
    sr = SharingRequestFactory(requesting_agency=dss, providing_agency=dol, created_by=dss_officer)
    client.force_login(dss_officer)
    url = reverse("inventory:pick_datasets", args=[sr.pk])
    by_title = client.get(url, {"q": "wage records"}).context["form"].fields["datasets"]
    assert restricted in by_title.queryset
    by_detail = client.get(url, {"q": "zebracorn"}).context["form"].fields["datasets"]
    assert restricted not in by_detail.queryset
