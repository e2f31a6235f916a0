"""The leadership report as a PDF (WeasyPrint): tagged (PDF/UA-1), so its headings and
table header rows are structure a screen reader follows. Nothing is fetched while
rendering: the template carries its own styles and charts are inline SVG. And as a Word
document (python-docx), its charts drawn as pictures beside their tables."""

from io import BytesIO

from django.template.loader import render_to_string

from assessments import aggregation, charts, selectors
from assessments.models import Survey


class NothingFetched(ValueError):
    """A URL in the document (an image in a curator's Markdown): not fetched."""


def _no_fetching(url, *args, **kwargs):
    raise NothingFetched(f"not fetched: {url}")


def pdf(document: str, compressed: bool = True) -> bytes:
    """compressed=False keeps the structure readable as text (tests look for the tags)."""
    # Imported here: WeasyPrint parses its stylesheets on import (and logs it), which
    # every other process (manage.py commands, web workers) need not pay for.
    from weasyprint import HTML

    return HTML(string=document, url_fetcher=_no_fetching).write_pdf(
        pdf_variant="pdf/ua-1", uncompressed_pdf=not compressed
    )


# Word ----------------------------------------------------------------------------------

COLOURS = ["#0b3d6e", "#8a8f94", "#b3541e", "#5b2a86"]  # assessments.css bar-0 … bar-3
CHART_WIDTH = 1400  # px of the picture; it is placed 6.5 inches wide


def chart_png(chart) -> bytes:
    """The chart drawn as a PNG picture (Word has no SVG): the same bars, labels, values
    and legend as the page's SVG, from charts.Chart."""
    from PIL import Image, ImageDraw, ImageFont

    scale = 2  # px per SVG px, for a sharp picture
    legend = 40 if chart.legend else 0
    height = legend + len(chart.bars) * 32 * scale + 10
    image = Image.new("RGB", (CHART_WIDTH, max(height, 40)), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=22)
    x = 0
    for colour, group in enumerate(chart.legend):
        draw.rectangle([x, 8, x + 22, 30], fill=COLOURS[colour % len(COLOURS)])
        draw.text((x + 30, 6), group, fill="#212529", font=font)
        x += 60 + int(draw.textlength(group, font=font))
    for bar in chart.bars:
        top = legend + bar.y * scale
        label_end = CHART_WIDTH * 0.41
        draw.text((label_end, top + 40), bar.label, fill="#212529", font=font, anchor="rs")
        for segment in bar.segments:
            left = CHART_WIDTH * segment.x / 100
            right = left + CHART_WIDTH * segment.width / 100
            if right > left:
                draw.rectangle(
                    [left, top + 14, right, top + 50], fill=COLOURS[segment.colour % len(COLOURS)]
                )
        draw.text(
            (CHART_WIDTH * bar.value_x / 100 + 12, top + 40),
            bar.value,
            fill="#212529",
            font=font,
            anchor="ls",
        )
    out = BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _table(document, head, rows):
    table = document.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.text = str(text or "Item")
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for header, cells in rows:
        row = table.add_row().cells
        row[0].text = str(header)
        for cell, value in zip(row[1:], cells, strict=False):
            cell.text = "" if value is None else str(value)
    return table


def docx(context) -> bytes:
    """The report as a Word document: the same sections, each chart as a picture followed
    by its data table (the numbers a screen reader reads)."""
    from docx import Document
    from docx.shared import Inches

    survey, results = context["survey"], context["results"]
    narrative = context["narrative"]
    document = Document()
    document.core_properties.title = f"Survey Results Summary: {survey.title} ({survey.cycle})"
    document.add_heading("Survey Results Summary", level=1)
    summary = f"{survey.title}, {survey.cycle}. {results.respondents} responses were received"
    document.add_paragraph(
        summary + (f" ({results.role_summary})." if results.respondents else ".")
    )
    if survey.baseline:
        document.add_paragraph(
            f"Published baseline: the figures of the {survey.cycle} report (aggregates only, "
            f"n={results.respondents}). A dash (–) is a figure the report did not publish."
        )
    document.add_heading("Respondents by role", level=2)
    _table(document, ["Role", "Respondents"], [(label, [n]) for label, n in results.by_role if n])
    if narrative and narrative.successes:
        document.add_heading("Successes", level=2)
        for part in narrative.successes.split("\n\n"):
            document.add_paragraph(part.strip())
    if context["tops"]:
        document.add_heading("Top 5 at a glance", level=2)
        for question in context["tops"]:
            document.add_heading(question.text, level=3)
            for item in question.top:
                value = "–" if item.positive is None else f"{item.positive}%"
                document.add_paragraph(f"{item.label}, {value}", style="List Number")
    for question, chart in context["charts"]:
        document.add_heading(question.text, level=2)
        document.add_picture(BytesIO(chart_png(chart)), width=Inches(6.5))
        document.add_paragraph(f"Chart: {chart.title}. The numbers are in the table below.")
        _table(document, chart.table_head, chart.table_rows)
        if question.kind == "matrix":
            document.add_paragraph(
                "Positive and negative answers are combined (for example Strongly agree and "
                "Agree into Agree). “Not applicable” counts in the denominator but is not "
                "shown, so a row may not add up to 100%."
            )
        elif question.kind == "ranking":
            document.add_paragraph(
                "First and second choice rankings are combined, so the column adds up to "
                "about 200%."
            )
    if context["baseline"] and context["comparison"]:
        baseline = context["baseline"]
        document.add_heading(f"Compared with {baseline.cycle}", level=2)
        _table(
            document,
            ["Item", "Measure", baseline.cycle, survey.cycle, "Change"],
            [
                (r.label, [r.measure, f"{r.earlier}%", f"{r.later}%", f"{r.change:+d}"])
                for r in context["comparison"]
            ],
        )
    for title, text in (
        ("Discussion themes", narrative.discussion if narrative else ""),
        ("Recommendations", narrative.recommendations if narrative else ""),
    ):
        if text:
            document.add_heading(title, level=2)
            for part in text.split("\n\n"):
                document.add_paragraph(part.strip())
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def report_context(survey) -> dict:
    """What the report shows, in every format (page, PDF, Word)."""
    data, version = selectors.current_results(survey)
    baseline = (
        Survey.objects.filter(baseline=True, cycle__lt=survey.cycle).order_by("-cycle").first()
    )
    comparison = []
    if baseline is not None:
        comparison = aggregation.compare(data, selectors.survey_results(baseline, version))
    return {
        "survey": survey,
        "results": data,
        "narrative": selectors.report_narrative(survey),
        "charts": charts.survey_charts(data),
        "tops": [q for q in data.questions if q.kind == "matrix"],
        "baseline": baseline,
        "comparison": comparison,
    }


def report_pdf_bytes(survey, request=None) -> bytes:
    document = render_to_string("assessments/report_pdf.html", report_context(survey), request)
    return pdf(document)
