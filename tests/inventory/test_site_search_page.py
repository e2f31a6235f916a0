"""The site search's page (/search/) with the inventory's and the AI registry's kinds: each
group only what the user may see, synonyms applied, facets and a constant query count."""

import pytest

from ai_registry.states import State
from hub.search_models import SearchSynonym
from tests.ai_registry.factories import complete
from tests.inventory.factories import DatasetFactory, name_in
from tests.sharing.factories import executed

pytestmark = pytest.mark.django_db


def group(page, kind: str) -> str:
    """The HTML of one kind's group on the search page ("" when it is not there)."""
    text = page.content.decode()
    start = text.find(f'data-kind="{kind}"')
    if start < 0:
        return ""
    end = text.find("</section>", start)
    return text[start:end]


def test_restricted_dataset_is_found_by_its_parties_only(
    client, restricted, dol, dss, dol_officer, dss_officer, sde_officer
):
    for words in ("zebracorn", "wage records", "SecretSystemX", "unemployment"):
        client.force_login(sde_officer)
        assert "Unemployment wage records" not in client.get("/search/", {"q": words}).text
    client.force_login(dol_officer)
    assert "Unemployment wage records" in group(
        client.get("/search/", {"q": "zebracorn"}), "datasets"
    )
    name_in(restricted, executed(requesting_agency=dss, providing_agency=dol))
    client.force_login(dss_officer)
    assert "Unemployment wage records" in group(
        client.get("/search/", {"q": "zebracorn"}), "datasets"
    )


def test_a_synonym_finds_a_dataset_with_its_facet(client, dol, sde_officer):
    DatasetFactory(
        agency=dol, title="Parcel boundaries", description="Geospatial layers of every town."
    )
    client.force_login(sde_officer)
    found = group(client.get("/search/", {"q": "GIS"}), "datasets")  # GIS -> geospatial (seeded)
    assert "Parcel boundaries" in found and "Public (1)" in found
    assert "Public · DOL" in found


def test_a_curators_new_synonym_applies_at_once(client, dol, sde_officer):
    DatasetFactory(agency=dol, title="Claims", description="Unemployment insurance claims.")
    client.force_login(sde_officer)
    assert "Claims" not in group(client.get("/search/", {"q": "UI"}), "datasets")
    SearchSynonym.objects.create(term="ui", expansion="unemployment insurance")
    assert "Claims" in group(client.get("/search/", {"q": "UI"}), "datasets")


def test_a_draft_use_case_is_found_by_its_agency_only(client, dol, dol_officer, sde_officer):
    complete(agency=dol, created_by=dol_officer, title="Zebracorn chatbot")
    complete(agency=dol, created_by=dol_officer, title="Zebracorn forecast", state=State.APPROVED)
    client.force_login(dol_officer)
    mine = group(client.get("/search/", {"q": "zebracorn"}), "ai")
    assert "Zebracorn chatbot" in mine and "Zebracorn forecast" in mine
    client.force_login(sde_officer)
    theirs = group(client.get("/search/", {"q": "zebracorn"}), "ai")
    assert "Zebracorn forecast" in theirs and "Zebracorn chatbot" not in theirs


def test_one_kind_page_narrows_by_facet(client, dol, sde_officer):
    DatasetFactory(
        agency=dol, title="Open roads", description="Road data.", classification="public"
    )
    DatasetFactory(
        agency=dol, title="Staff roads", description="Road data.", classification="internal"
    )
    client.force_login(sde_officer)
    page = client.get("/search/", {"q": "road", "kind": "datasets", "facet": "internal"})
    assert "Staff roads" in page.text and "Open roads" not in page.text


def test_query_count_does_not_grow_with_matches(
    client, dol, sde_officer, django_assert_max_num_queries
):
    client.force_login(sde_officer)
    DatasetFactory.create_batch(2, agency=dol, description="Road data.")
    client.get("/search/", {"q": "road"})
    with django_assert_max_num_queries(40) as few:
        client.get("/search/", {"q": "road"})
    DatasetFactory.create_batch(8, agency=dol, description="Road data.")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/search/", {"q": "road"})
    assert "10" in group(page, "datasets")


def test_no_typo_correction_reveals_a_word_of_what_one_may_not_read(
    client, restricted, dol, dol_officer, sde_officer
):
    """The word list learns public datasets and approved use cases only."""
    complete(agency=dol, created_by=dol_officer, title="Quokkaphone pilot")
    DatasetFactory(agency=dol, title="Wombatgram counts", classification="public")
    client.force_login(sde_officer)
    for typo, secret in (("zebracorm", "zebracorn"), ("quokkaphon", "quokkaphone")):
        page = client.get("/search/", {"q": typo}).text
        assert secret not in page.lower()
    assert "Wombatgram counts" in client.get("/search/", {"q": "wombatgrm"}).text


def test_the_inventory_and_ai_lists_apply_the_synonyms_too(client, dol, dol_officer, sde_officer):
    DatasetFactory(agency=dol, title="Parcel boundaries", description="Geospatial layers.")
    complete(
        agency=dol,
        created_by=dol_officer,
        title="Parcel matching",
        purpose="Geospatial matching of addresses.",
        state=State.APPROVED,
    )
    client.force_login(sde_officer)
    assert "Parcel boundaries" in client.get("/inventory/", {"q": "GIS"}).text
    assert "Parcel matching" in client.get("/ai/", {"q": "GIS"}).text
