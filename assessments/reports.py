"""The leadership report as a PDF (WeasyPrint): tagged (PDF/UA-1), so its headings and
table header rows are structure a screen reader follows. Nothing is fetched while
rendering: the template carries its own styles and charts are inline SVG."""


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
