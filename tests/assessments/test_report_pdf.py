"""The leadership report as a tagged PDF (issue 18)."""

from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from assessments import reports, selectors
from assessments.models import ReportNarrative


def test_the_report_downloads_as_a_pdf(dataset, survey, leader_client):
    answer = leader_client.get(reverse("assessments:report_pdf", args=[survey.key]))
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF-")
    assert "report.pdf" in answer["Content-Disposition"]


def test_the_pdf_is_tagged_with_headings_table_headers_and_charts(dataset, survey, leader):
    ReportNarrative.objects.create(
        survey=survey, successes="![tracker](http://127.0.0.1:9/pixel.png) Dashboards"
    )
    request = RequestFactory().get("/")
    request.user = leader
    context = reports.report_context(selectors.survey_with_narrative(survey.key))
    document = render_to_string("assessments/report_pdf.html", context, request)
    assert document.count('<svg class="chart-svg"') == 3  # the charts, with their tables
    content = reports.pdf(document, compressed=False)  # the remote image is not fetched
    assert b"/StructTreeRoot" in content
    assert b"/H1" in content and b"/H2" in content
    assert b"/TH" in content and b"/Table" in content
    assert b"pdfuaid" in content


def test_the_report_downloads_as_a_word_document_with_charts_and_tables(
    dataset, survey, leader_client
):
    from io import BytesIO

    from docx import Document

    ReportNarrative.objects.create(survey=survey, recommendations="Train staff.")
    answer = leader_client.get(reverse("assessments:report_docx", args=[survey.key]))
    assert answer.status_code == 200
    assert answer["Content-Type"].endswith("wordprocessingml.document")
    document = Document(BytesIO(answer.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "Survey Results Summary"
    assert "Which challenges does your agency face?" in headings
    assert "Recommendations" in headings
    assert len(document.inline_shapes) == 3  # one chart picture per reported question
    texts = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["Lack of budget", "50%", "13%", "25%", "8"] in texts  # the chart's table
    assert ["Agency leadership", "7"] in texts
