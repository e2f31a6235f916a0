"""The agreement draft: a .docx built from the request and the advisor's answer.

A starting point for counsel, never a final agreement; the document says so.
"""

import io

from docx import Document
from docx.shared import Pt

from hub.input_checks import xml_safe
from sharing.advisor import COUNSEL_NOTICE, advice_for_request
from sharing.clauses import drafted_clauses


class _SafeDocument:
    """A python-docx Document whose text goes through xml_safe (lxml refuses controls)."""

    def __init__(self, document):
        self._document = document

    def __getattr__(self, name):
        return getattr(self._document, name)

    def add_paragraph(self, text="", style=None):
        return self._document.add_paragraph(xml_safe(text), style=style)

    def add_heading(self, text="", level=1):
        return self._document.add_heading(xml_safe(text), level=level)


def _paragraphs(doc, text: str):
    for line in (text or "To be completed.").splitlines():
        if line.strip():
            doc.add_paragraph(line.strip())


def build_agreement(sr) -> bytes:
    categories = list(sr.categories.all())
    advice = advice_for_request(sr)
    agreement_name = advice.agreement_type.name if advice else "Data sharing agreement"

    doc = _SafeDocument(Document())
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading(f"DRAFT {agreement_name}", level=0)
    doc.add_paragraph(f"Sharing request #{sr.pk}: {sr.title}")
    doc.add_paragraph(f"Draft for review by counsel. {COUNSEL_NOTICE}")

    doc.add_heading("1. Parties", level=1)
    doc.add_paragraph(f"Providing agency (data owner): {sr.providing_agency.name}")
    doc.add_paragraph(f"Receiving agency (recipient): {sr.requesting_agency.name}")

    doc.add_heading("2. Purpose", level=1)
    _paragraphs(doc, sr.purpose)
    doc.add_paragraph("The recipient uses the data only for this purpose.")

    doc.add_heading("3. Legal authority", level=1)
    _paragraphs(doc, sr.legal_authority)
    if advice:
        for framework in advice.frameworks:
            doc.add_paragraph(f"{framework.name}: {framework.citation}", style="List Bullet")

    doc.add_heading("4. Data elements", level=1)
    doc.add_paragraph(
        "Categories: " + (", ".join(c.name for c in categories) or "To be completed.")
    )
    doc.add_paragraph(f"Identifiability: {sr.get_identifiability_display()}")
    if sr.frequency:
        doc.add_paragraph(f"Frequency of transfer: {sr.get_frequency_display()}")
    _paragraphs(doc, sr.data_elements)

    doc.add_heading("5. Storage and security", level=1)
    _paragraphs(doc, sr.storage_security)

    if sr.contractor_involved:
        doc.add_paragraph("A contractor or vendor will handle the data (CGS 4e-70 terms apply).")

    doc.add_heading("6. Retention and destruction", level=1)
    _paragraphs(doc, sr.retention_destruction)

    doc.add_heading("7. Term", level=1)
    if sr.effective_date and sr.expiry_date:
        doc.add_paragraph(
            f"This agreement is effective {sr.effective_date:%B %d, %Y} and expires "
            f"{sr.expiry_date:%B %d, %Y}, unless renewed or terminated earlier."
        )
    elif sr.term_months:
        doc.add_paragraph(
            f"This agreement runs for {sr.term_months} months from the date of the last signature."
        )
    else:
        doc.add_paragraph("To be completed.")

    doc.add_heading("8. Clauses (model wording)", level=1)
    drafted = drafted_clauses(sr, advice)
    for item in drafted:
        clause = item["clause"]
        paragraph = doc.add_paragraph(style="List Number")
        paragraph.add_run(xml_safe(f"{clause.title}. ")).bold = True
        paragraph.add_run(xml_safe(item["text"]))
        required = "; ".join(item["frameworks"]) or clause.required_by
        if required:
            paragraph.add_run(xml_safe(f" (Required by {required}.)"))
        else:
            paragraph.add_run(" (Good practice.)")
        doc.add_paragraph(f"[{item['notice']}]")
    if advice:
        for flag in advice.flags:
            doc.add_paragraph(f"Note: {flag}")
        if advice.strictest:
            doc.add_paragraph(advice.strictest)
    else:
        doc.add_paragraph("Choose the data categories to list the required clauses.")

    doc.add_heading("9. Signatures", level=1)
    for agency in (sr.providing_agency, sr.requesting_agency):
        doc.add_paragraph(f"For {agency.name}: ______________________  Date: __________")

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
