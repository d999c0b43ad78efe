"""The meeting's documents for the journal: the agenda and the minutes as PDF/A.

minutes_pdf(meeting) is what the minutes mail attaches; the download views serve the same
bytes to whoever may read the minutes (or, for the agenda, see the meeting)."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from byrum.pdf import render_pdf

from .selectors import meeting_document


def _labels(meeting, kind, *, draft):
    now = timezone.localtime()
    return {
        "document_label": f"{meeting.group.name} – {kind}",
        "draft": draft,
        "draft_label": _("DRAFT – not approved"),
        "page_word": _("Page"),
        "printed_label": _("Byrum, %(date)s") % {"date": now.strftime("%d.%m.%Y %H:%M")},
        "printed_at": now,
    }


def minutes_pdf(meeting) -> bytes:
    """The minutes as PDF/A (Danish): "UDKAST – ikke godkendt" on every page until they are
    approved."""
    context = meeting_document(meeting, with_minutes=True)
    return render_pdf(
        "meetings/pdf/minutes.html",
        context | _labels_in_danish(meeting, "minutes", draft=not meeting.minutes_locked),
        language=settings.LANGUAGE_CODE,
    )


def agenda_pdf(meeting) -> bytes:
    context = meeting_document(meeting, with_minutes=False)
    return render_pdf(
        "meetings/pdf/agenda.html",
        context | _labels_in_danish(meeting, "agenda", draft=False),
        language=settings.LANGUAGE_CODE,
    )


def _labels_in_danish(meeting, kind, *, draft):
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        name = _("Minutes") if kind == "minutes" else _("Agenda")
        return _labels(meeting, name, draft=draft)


def filename(meeting, kind):
    day = timezone.localtime(meeting.start).strftime("%Y-%m-%d")
    return f"{kind}-{meeting.pk}-{day}.pdf"
