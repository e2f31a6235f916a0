"""The inventory's exports (CSV with the formula guard, Excel, token feeds), the public-safe
export, the site search's selector and the demo seed."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from accounts import tokens
from ai_registry.models import UseCase
from ai_registry.site_search import use_cases
from ai_registry.states import State
from hub import site_search
from tests import factories
from tests.ai_registry.factories import complete, join


@pytest.fixture
def approved(owner):
    return complete(
        agency=owner.agency,
        created_by=owner,
        title='=HYPERLINK("http://x")',
        state=State.APPROVED_WITH_CONDITIONS,
        stage="production",
        conditions="Publish a notice.",
        internal_notes="Secret budget",
        contact_email="private@example.ct.gov",
    )


def rows(content):
    return list(csv.reader(io.StringIO(content.decode())))


def test_the_csv_guards_formulas_and_leaves_out_notes(client, approved, outsider):
    client.force_login(outsider)
    table = rows(client.get(reverse("ai_registry:inventory_csv")).content)
    assert table[0][:3] == ["id", "title", "agency"]
    assert table[1][1] == '\'=HYPERLINK("http://x")'
    assert "Secret budget" not in str(table) and "private@" not in str(table)


def test_the_csv_follows_the_pages_filters(client, approved, owner):
    other = complete(agency=owner.agency, created_by=owner, title="Idea", stage="idea")
    client.force_login(owner)
    table = rows(client.get(reverse("ai_registry:inventory_csv"), {"stage": "idea"}).content)
    assert [r[0] for r in table[1:]] == [f"AI-{other.pk}"]


def test_the_excel_export_keeps_text_as_text(client, approved, owner):
    client.force_login(owner)
    answer = client.get(reverse("ai_registry:inventory_xlsx"))
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert sheet.cell(2, 2).value == '=HYPERLINK("http://x")'
    assert sheet.cell(2, 2).data_type == "s"


def test_the_feed_needs_a_token_and_shows_what_the_user_may_see(client, approved, outsider):
    hidden = complete(agency=approved.agency, created_by=approved.created_by, title="Hidden")
    assert client.get(reverse("feeds:ai_use_cases_json")).status_code == 401
    _token, secret = tokens.create_token(outsider, "report")
    answer = client.get(reverse("feeds:ai_use_cases_json"), HTTP_AUTHORIZATION=f"Bearer {secret}")
    titles = [row["title"] for row in json.loads(answer.content)["use_cases"]]
    assert titles == [approved.title] and hidden.title not in titles


def test_the_public_export_has_only_approved_production_cases_and_public_fields(
    client, approved, owner, dss, outsider
):
    join(approved, dss)
    complete(agency=owner.agency, created_by=owner, title="Pilot", state=State.APPROVED)
    complete(agency=owner.agency, created_by=owner, title="Draft", stage="production")
    public = complete(
        agency=owner.agency,
        created_by=owner,
        title="Public contact",
        state=State.APPROVED,
        stage="production",
        contact_email="ai.team@example.ct.gov",
        contact_email_public=True,
    )
    client.force_login(outsider)
    data = json.loads(client.get(reverse("ai_registry:public_json")).content)
    by_title = {row["title"]: row for row in data["use_cases"]}
    assert set(by_title) == {approved.title, public.title}
    assert "internal_notes" not in data["columns"]
    assert by_title[approved.title]["contact_email"] == ""
    assert by_title[approved.title]["conditions"] == "Publish a notice."
    assert by_title[approved.title]["partner_agencies"] == "Department of Social Services"
    assert by_title[public.title]["contact_email"] == "ai.team@example.ct.gov"
    body = client.get(reverse("ai_registry:public_csv")).content.decode()
    assert "Secret budget" not in body and "private@" not in body


def titles(user, text, limit):
    return [hit.title for hit in use_cases(user, site_search.prepare(text), limit).rows]


def test_site_search_ranks_visible_use_cases(owner, outsider):
    best = complete(agency=owner.agency, created_by=owner, title="Translation of notices")
    complete(
        agency=owner.agency,
        created_by=owner,
        title="Call center",
        purpose="Translation for callers",
        state=State.APPROVED,
    )
    assert titles(owner, "translation", 10) == ["Translation of notices", "Call center"]
    assert titles(outsider, "translation", 10) == ["Call center"]
    assert titles(owner, "translation", 1) == [best.title]
    assert use_cases(owner, site_search.prepare("translation"), 1).count == 2


def test_seed_ai_demo_makes_use_cases_in_several_states(db):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_ai_demo", stdout=io.StringIO())
    states = set(UseCase.objects.values_list("state", flat=True))
    assert {"approved_with_conditions", "approved", "submitted", "draft"} <= states
    assert UseCase.objects.filter(participants__isnull=False).exists()
    call_command("seed_ai_demo", stdout=io.StringIO())  # idempotent
    assert UseCase.objects.count() == 4
    reviewer = factories.UserFactory._meta.model.objects.get(email="ai-reviewer@demo.ct.gov")
    assert reviewer.groups.filter(name="AI reviewers").exists()


def test_home_tasks_for_reviewers_and_the_owning_agency(client, owner, ai_rev, outsider):
    from ai_registry.home import home_tasks

    complete(agency=owner.agency, created_by=owner, state=State.SUBMITTED)
    complete(agency=owner.agency, created_by=owner, state=State.CHANGES_REQUESTED)
    assert [(t.count, t.text) for t in home_tasks(ai_rev)] == [(1, "use case submitted for review")]
    assert [(t.count, t.text) for t in home_tasks(owner)] == [(1, "use case sent back for changes")]
    assert home_tasks(outsider) == []
    client.force_login(ai_rev)
    assert "use case submitted for review" in client.get("/").content.decode()


def test_control_characters_in_a_search_are_refused_plainly(client, owner):
    client.force_login(owner)
    answer = client.get(reverse("ai_registry:inventory"), {"q": "chat\x00bot"})
    assert answer.status_code == 400
    answer = client.get(reverse("ai_registry:new"), {"title": "a\x00b", "purpose": "x"})
    assert answer.status_code == 400
