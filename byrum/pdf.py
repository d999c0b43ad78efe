"""PDF documents for the journal (agendas, minutes, the council report), drawn on the server
with WeasyPrint as PDF/A-3b: the archival form Danish case-management systems take.

Nothing is fetched while drawing: the template carries its own stylesheet and the URL
fetcher refuses every address, so a link or image in user text cannot make the server call
out (and a document never depends on the network)."""

import logging

from django.template.loader import render_to_string
from django.utils import translation

PDF_VARIANT = "pdf/a-3b"

# WeasyPrint logs every rendering step at INFO.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def _fetcher():
    from weasyprint.urls import URLFetcher

    class RefuseEverything(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"PDF documents fetch nothing: {url[:80]}")

    return RefuseEverything()


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported when needed: it loads Pango

    return HTML(string=html, url_fetcher=_fetcher(), base_url="about:blank").write_pdf(
        pdf_variant=PDF_VARIANT
    )


def render_pdf(template_name: str, context: dict, *, language: str | None = None) -> bytes:
    """The PDF of a template that extends byrum/pdf/base.html."""
    if language:
        with translation.override(language):
            html = render_to_string(template_name, context)
    else:
        html = render_to_string(template_name, context)
    return html_to_pdf(html)


def pdf_response(content: bytes, filename: str):
    from django.http import HttpResponse

    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
