"""The inventory's pages: list with filters, detail, forms, retire, review, and access."""

import pytest
from django.urls import reverse

from inventory.models import Dataset
from tests.inventory.factories import DatasetFactory, name_in
from tests.sharing.factories import executed

SECRET = "Zebracorn"  # only in the restricted dataset's description


def test_list_shows_every_entry_with_classification_and_contacts(client, sde_officer, restricted):
    client.force_login(sde_officer)
    body = client.get(reverse("inventory:list")).content.decode()
    assert "Unemployment wage records" in body and "Restricted" in body
    assert "dana.owner@example.ct.gov" in body
    assert SECRET not in body


def test_list_filters_by_agency_classification_category_and_high_value(
    client, dol_officer, dol, dss
):
    DatasetFactory(
        agency=dol, title="Alpha", classification="public", categories=["ui_wage_records"]
    )
    DatasetFactory(
        agency=dss,
        title="Beta",
        classification="internal",
        high_value=True,
        high_value_reason="Used widely",
    )
    client.force_login(dol_officer)

    def titles(**params):
        response = client.get(reverse("inventory:list"), params)
        return {d.title for d in response.context["page"]}

    assert titles(agency=dol.pk) == {"Alpha"}
    assert titles(classification="internal") == {"Beta"}
    from sharing.models import DataCategory

    assert titles(category=DataCategory.objects.get(key="ui_wage_records").pk) == {"Alpha"}
    assert titles(high_value="true") == {"Beta"}


def test_category_filter_does_not_reveal_restricted_datasets(client, sde_officer, restricted):
    from sharing.models import DataCategory

    client.force_login(sde_officer)
    response = client.get(
        reverse("inventory:list"), {"category": DataCategory.objects.get(key="ui_wage_records").pk}
    )
    assert list(response.context["page"]) == []


def test_text_search_matches_details_only_where_visible(
    client, sde_officer, dol_officer, restricted
):
    client.force_login(sde_officer)
    assert list(client.get(reverse("inventory:list"), {"q": "zebracorn"}).context["page"]) == []
    client.force_login(dol_officer)
    assert list(client.get(reverse("inventory:list"), {"q": "zebracorn"}).context["page"]) == [
        restricted
    ]


def test_list_query_count_is_constant_in_rows(
    client, dol_officer, dol, django_assert_max_num_queries
):
    DatasetFactory.create_batch(3, agency=dol)
    client.force_login(dol_officer)
    with django_assert_max_num_queries(8) as small:
        client.get(reverse("inventory:list"))
    DatasetFactory.create_batch(20, agency=dol)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("inventory:list"))


def test_detail_withholds_restricted_fields_from_unrelated_agency(client, sde_officer, restricted):
    client.force_login(sde_officer)
    response = client.get(restricted.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert SECRET not in body and "SecretSystemX" not in body and "zebracorn" not in body
    assert 'data-testid="details-withheld"' in body


def test_detail_shows_fields_to_owning_agency(client, dol_officer, restricted):
    client.force_login(dol_officer)
    body = client.get(restricted.get_absolute_url()).content.decode()
    assert SECRET in body and "SecretSystemX" in body


def test_detail_lists_covering_agreements_and_request_button(
    client, sde_officer, restricted, dol, dss
):
    sr = executed(requesting_agency=dss, providing_agency=dol, title="Wage match")
    name_in(restricted, sr)
    client.force_login(sde_officer)
    body = client.get(restricted.get_absolute_url()).content.decode()
    assert f"Agreement #{sr.pk}" in body
    assert "Wage match" not in body  # SDE may not open the request itself
    assert reverse("inventory:start_request", args=[restricted.pk]) in body


@pytest.mark.parametrize("name", ["edit", "retire", "reviewed"])
def test_unrelated_agency_officer_cannot_change_an_entry(client, sde_officer, restricted, name):
    client.force_login(sde_officer)
    url = reverse(f"inventory:{name}", args=[restricted.pk])
    response = client.post(url, {"confirmed": "1"}) if name != "edit" else client.get(url)
    assert response.status_code == 403
    assert SECRET not in response.content.decode()
    restricted.refresh_from_db()
    assert restricted.status == "active"


def test_unrelated_agency_cannot_download_the_dictionary(client, sde_officer, restricted):
    restricted.dictionary_file = "inventory/abc.csv"
    restricted.save()
    client.force_login(sde_officer)
    assert client.get(reverse("inventory:dictionary", args=[restricted.pk])).status_code == 404


def test_completeness_is_for_curators_only(client, sde_officer):
    client.force_login(sde_officer)
    assert client.get(reverse("inventory:completeness")).status_code == 403


def _form_data(**overrides):
    data = {
        "identifier": "QCEW",
        "title": "Quarterly census of employment",
        "description": "Employment and wages by industry.",
        "classification": "public",
        "owner_name": "Dana Owner",
        "owner_email": "dana@example.ct.gov",
        "keywords": "employment, wages",
        "update_frequency": "quarterly",
    }
    data.update(overrides)
    return data


def test_officer_adds_a_dataset_for_their_agency_with_history(client, dol_officer, dol):
    client.force_login(dol_officer)
    response = client.post(reverse("inventory:create"), _form_data(agency=dol.pk))
    dataset = Dataset.objects.get(identifier="QCEW")
    assert response.status_code == 302 and dataset.agency == dol
    assert dataset.history.first().history_user == dol_officer
    assert Dataset.objects.filter(search_vector="employment").exists()


def test_officer_cannot_add_for_another_agency(client, dol_officer, dss):
    client.force_login(dol_officer)
    response = client.post(reverse("inventory:create"), _form_data(agency=dss.pk))
    assert response.status_code == 200 and not Dataset.objects.exists()


def test_leader_cannot_add(client, leader):
    client.force_login(leader)
    assert client.get(reverse("inventory:create")).status_code == 403


def test_form_requires_a_reason_for_high_value_and_a_unique_identifier(client, dol_officer, dol):
    DatasetFactory(agency=dol, identifier="QCEW")
    client.force_login(dol_officer)
    response = client.post(reverse("inventory:create"), _form_data(agency=dol.pk, high_value="on"))
    errors = response.context["form"].errors
    assert "high_value_reason" in errors and "identifier" in errors


def test_edit_records_who_changed_what(client, dol_officer, restricted):
    client.force_login(dol_officer)
    data = _form_data(agency=restricted.agency_id, identifier="UI-WAGE", title="Wage records v2")
    client.post(reverse("inventory:edit", args=[restricted.pk]), data)
    restricted.refresh_from_db()
    assert restricted.title == "Wage records v2"
    latest = restricted.history.first()
    assert latest.history_user == dol_officer and latest.history_change_reason == "edited"
    record, changed = client.get(restricted.get_absolute_url()).context["history"][0]
    assert record == latest and "title" in changed and "system" in changed


def test_retire_asks_for_confirmation_first(client, dol_officer, restricted):
    client.force_login(dol_officer)
    url = reverse("inventory:retire", args=[restricted.pk])
    response = client.post(url)
    assert 'data-testid="confirm-step"' in response.content.decode()
    restricted.refresh_from_db()
    assert restricted.status == "active"
    client.post(url, {"confirmed": "1"})
    restricted.refresh_from_db()
    assert restricted.status == "retired"
    assert restricted not in client.get(reverse("inventory:list")).context["page"]
