"""The agreement draft .docx: parties, purpose, authority, elements, term, clauses."""

import io

import pytest
from docx import Document

from tests.sharing.factories import executed

pytestmark = pytest.mark.django_db


def docx_text(response) -> str:
    document = Document(io.BytesIO(response.content))
    return "\n".join(p.text for p in document.paragraphs)


def test_docx_has_the_request_and_the_clauses(client, draft, requester):
    draft.categories.set(draft.categories.model.objects.filter(key__in=["ui_wage_records"]))
    client.force_login(requester)
    response = client.get(f"/sharing/requests/{draft.pk}/agreement.docx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="agreement-draft-{draft.pk}.docx"'
    )
    text = docx_text(response)
    assert "DRAFT Data sharing agreement (DSA)" in text
    assert f"Providing agency (data owner): {draft.providing_agency.name}" in text
    assert f"Receiving agency (recipient): {draft.requesting_agency.name}" in text
    assert "Evaluate the workforce program." in text
    assert "20 CFR 603.5(e)" in text
    assert "20 CFR Part 603; Conn. Gen. Stat. 31-254" in text  # the framework's citation
    assert "wages" in text
    assert "24 months" in text
    assert "Costs." in text and "Term, renewal and termination for breach." in text
    assert "counsel decides" in text


def test_docx_of_executed_agreement_states_dates(client, requester, sde):
    sr = executed(requesting_agency=requester.agency, providing_agency=sde)
    client.force_login(requester)
    text = docx_text(client.get(f"/sharing/requests/{sr.pk}/agreement.docx"))
    assert f"effective {sr.effective_date:%B %d, %Y}" in text
    assert f"expires {sr.expiry_date:%B %d, %Y}" in text
