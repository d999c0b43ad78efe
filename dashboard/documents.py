"""The report to the city council as PDF/A for the journal.

The PDF shows exactly what the report page shows: it renders dashboard/report.html and
takes its <article>, so a section added to the page (e.g. citizen involvement) is in the PDF
too, with no second template to keep in step. The page's buttons and forms are hidden by the
PDF's stylesheet (byrum/pdf/base.html)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from byrum.pdf import render_pdf

ARTICLE_START = '<article class="council-report">'
ARTICLE_END = "</article>"


def report_pdf(request, context) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        page = render_to_string("dashboard/report.html", context, request=request)
        start = page.index(ARTICLE_START)
        end = page.index(ARTICLE_END, start) + len(ARTICLE_END)
        now = timezone.localtime()
        plan = context["plan"]
        return render_pdf(
            "dashboard/report_pdf.html",
            {
                # Our own template's output, already escaped where it shows data.
                "body": mark_safe(page[start:end]),  # noqa: S308
                "plan": plan,
                "document_label": _("Status report to the city council"),
                "draft": False,
                "page_word": _("Page"),
                "printed_label": _("Byrum, %(date)s") % {"date": now.strftime("%d.%m.%Y %H:%M")},
            },
        )


def filename(plan, period):
    return f"byraadsrapport-{plan.pk}-{period.last_sunday:%Y-%m-%d}.pdf"
