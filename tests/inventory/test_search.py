"""Inventory datasets in the site search (inventory.site_search): ranked, visible datasets."""

from hub import site_search
from inventory.models import Dataset
from inventory.site_search import datasets
from tests.inventory.factories import DatasetFactory, name_in
from tests.sharing.factories import executed


def search_for_site(user, text, limit):
    """The datasets the site search lists for the user, best first."""
    search = site_search.prepare(text)
    if search is None:
        return []
    urls = [hit.url for hit in datasets(user, search, limit).rows]
    by_url = {d.get_absolute_url(): d for d in Dataset.objects.all()}
    return [by_url[url] for url in urls]


def test_ranks_title_matches_first(dol, sde_officer):
    in_title = DatasetFactory(
        agency=dol, title="Broadband availability", description="Coverage map."
    )
    in_text = DatasetFactory(agency=dol, title="Town services", description="Includes broadband.")
    assert list(search_for_site(sde_officer, "broadband", 10)) == [in_title, in_text]


def test_restricted_dataset_never_in_unrelated_agency_results(sde_officer, restricted):
    for text in ("zebracorn", "wage", "unemployment", "SecretSystemX"):
        assert restricted not in search_for_site(sde_officer, text, 10)


def test_owner_and_agreement_party_find_it(dol_officer, dss_officer, restricted, dol, dss):
    assert list(search_for_site(dol_officer, "zebracorn", 10)) == [restricted]
    assert list(search_for_site(dss_officer, "zebracorn", 10)) == []
    name_in(restricted, executed(requesting_agency=dss, providing_agency=dol))
    assert list(search_for_site(dss_officer, "zebracorn", 10)) == [restricted]


def test_retired_and_empty_queries_find_nothing(dol, sde_officer):
    DatasetFactory(agency=dol, title="Old broadband", status="retired")
    assert list(search_for_site(sde_officer, "broadband", 10)) == []
    assert list(search_for_site(sde_officer, "  ", 10)) == []


def test_limit(dol, sde_officer):
    DatasetFactory.create_batch(4, agency=dol, description="broadband")
    assert len(search_for_site(sde_officer, "broadband", 3)) == 3
