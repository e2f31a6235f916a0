"""The clause library: model wording for every checklist item, completed from the request,
in the .docx and a preview page, each marked with its frameworks and counsel's notice."""

import io
import re

import pytest
from docx import Document

from sharing.clauses import CLAUSE_NOTICE, complete
from sharing.models import Clause

pytestmark = pytest.mark.django_db


def docx_text(response) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)


def test_every_checklist_item_has_model_wording():
    clauses = list(Clause.objects.order_by("number"))
    assert len(clauses) == 20
    for clause in clauses:
        assert clause.model_wording, clause.key
        assert not clause.model_wording.startswith(("Name ", "State ", "List ")), clause.key
        assert set(re.findall(r"\{([a-z_]+)\}", clause.model_wording)) <= {
            "providing_agency", "receiving_agency", "purpose", "legal_authority",
            "data_description", "transfer_method", "storage_security", "destruction", "term",
        }  # fmt: skip


def test_docx_uses_the_wording_completed_from_the_request(client, draft, requester):
    client.force_login(requester)
    text = docx_text(client.get(f"/sharing/requests/{draft.pk}/agreement.docx"))
    assert "8. Clauses (model wording)" in text
    assert f"This agreement is between {draft.providing_agency.name}" in text
    assert "solely for this purpose: Evaluate the workforce program." in text
    assert "This agreement runs for 24 months from the date of the last signature." in text
    assert "transfers the data quarterly by secure file transfer" in text
    assert "Unemployment insurance and wage records" in text
    assert "{" not in text and "Name the data owner" not in text  # no instructions left
    clauses = [p for p in text.splitlines() if p == f"[{CLAUSE_NOTICE}]"]
    assert len(clauses) >= 10  # every clause carries counsel's notice
    assert "(Required by Unemployment compensation confidentiality" in text


def test_preview_page_and_access(client, draft, requester, provider, outsider):
    client.force_login(provider)
    page = client.get(f"/sharing/requests/{draft.pk}/clauses/").content.decode()
    assert 'data-testid="clauses"' in page
    assert "Required by:" in page and CLAUSE_NOTICE in page
    assert "Good practice (no law requires it)." in page  # parties: best practice only
    client.force_login(outsider)
    assert client.get(f"/sharing/requests/{draft.pk}/clauses/").status_code == 404


def test_curator_edits_wording_with_history(client, draft, requester):
    clause = Clause.objects.get(key="costs")
    clause.model_wording = "No fees: {receiving_agency} pays nothing to {providing_agency}."
    clause.save()
    assert clause.history.count() >= 1
    client.force_login(requester)
    text = docx_text(client.get(f"/sharing/requests/{draft.pk}/agreement.docx"))
    assert (
        f"No fees: {draft.requesting_agency.name} pays nothing to {draft.providing_agency.name}."
        in text
    )


def test_unknown_fill_ins_stay_visible_and_are_never_evaluated():
    assert complete("{purpose.__class__} {nope} {purpose}", {"purpose": "x"}) == (
        "{purpose.__class__} {nope} x"
    )
