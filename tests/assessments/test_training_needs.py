"""Top training needs link to published hub resources by tag; curators see the gaps."""

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.aggregation import results_for_survey
from assessments.needs import training_needs
from hub.models import Resource
from tests import factories


def resource(title, slug, tags, status="published"):
    item = Resource.objects.create(
        title=title,
        slug=slug,
        url=f"https://example.ct.gov/{slug}",
        resource_type="training",
        status=status,
        published_at=timezone.now() if status == "published" else None,
    )
    item.tags.add(*tags)
    return item


def test_needs_link_to_published_resources_with_the_items_tag(dataset, survey):
    resource("Governance basics", "governance-basics", ["data governance"])
    resource("Draft management course", "draft-management", ["data management"], status="draft")
    needs = training_needs(results_for_survey(survey))
    assert [(n.key, n.percent) for n in needs.top] == [("budget", 50), ("quality", 43)]
    assert needs.top[0].resources == [
        {
            "title": "Governance basics",
            "slug": "governance-basics",
            "href": reverse("hub:resource_detail", args=["governance-basics"]),
        }
    ]
    assert needs.top[1].resources == []  # only a draft carries the tag
    assert [n.key for n in needs.gaps] == ["quality"]


def test_results_page_links_resources_and_shows_gaps_to_curators_only(
    dataset, survey, client, curator
):
    resource("Governance basics", "governance-basics", ["data governance"])
    client.force_login(factories.leader(agency=dataset[0].agency))
    page = client.get(reverse("assessments:results", args=[survey.key])).content.decode()
    assert 'href="/resources/governance-basics/"' in page
    assert "Gaps: needs with no published resource" not in page
    client.force_login(curator)
    page = client.get(reverse("assessments:results", args=[survey.key])).content.decode()
    assert "Gaps: needs with no published resource" in page
    assert "Data quality (43% agree; tags: data management)" in page


def test_the_2024_training_areas_use_the_hub_topic_tags(db):
    from django.core.management import call_command

    from assessments.models import Item
    from hub.topics import TOPIC_TAGS

    call_command("load_survey", "assessments/data/survey_2024.yaml")
    tags = {t for item in Item.objects.filter(question__key="training") for t in item.tag_list}
    assert len(tags) == 17
    assert tags <= set(TOPIC_TAGS)


@pytest.mark.django_db
def test_a_need_lists_a_few_resources_and_links_to_all_of_them(client):
    from assessments.needs import RESOURCES_PER_NEED
    from tests.assessments.factories import mini_survey
    from tests.hub.factories import ResourceFactory

    survey = mini_survey()
    for n in range(RESOURCES_PER_NEED + 3):
        ResourceFactory(title=f"Managing data {n:02}", tags=["data management"])
    ResourceFactory(title="Governance basics", tags=["data governance"])
    needs = training_needs(results_for_survey(survey))
    budget = next(need for need in needs.top if need.key == "budget")
    assert [r["title"] for r in budget.resources] == ["Governance basics"]
    assert not budget.more
    quality = next(need for need in needs.top if need.key == "quality")
    assert quality.more
    assert [r["title"] for r in quality.resources] == [
        f"Managing data {n:02}" for n in range(RESOURCES_PER_NEED)
    ]
    client.force_login(factories.curator())
    page = client.get(f"/assessments/{survey.key}/results/").text
    assert "All resources tagged data management" in page
    assert 'href="/resources/?tag=data-management"' in page
    first = quality.resources[0]["slug"]
    assert f'href="{reverse("hub:resource_detail", args=[first])}"' in page
