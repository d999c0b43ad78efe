"""The meeting's documents for the journal: the agenda and the minutes as PDF/A.

minutes_pdf(meeting) is what the minutes mails attach (the round's draft and the published
minutes: ``minutes_attachment``, made by the mail job); the download views serve the same
bytes to whoever may read the minutes (or, for the agenda, see the meeting)."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from byrum.pdf import render_pdf
from notifications.attachments import File

from .models import Meeting
from .selectors import meeting_document

ATTACHMENT = "minutes"


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


def minutes_attachment_name(meeting):
    """What a notification names to carry the minutes' PDF (notifications/attachments.py)."""
    return f"{ATTACHMENT}:{meeting.pk}"


def minutes_attachment(meeting_id):
    """The minutes' PDF as the mail job attaches it, as they are when the mail is sent:
    marked as a draft until approved, and named so. None when the meeting is gone."""
    meeting = (
        Meeting.objects.select_related("group", "place", "approved_by", "published_by")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        return None
    kind = "referat" if meeting.minutes_locked else "referat-udkast"
    return File(filename(meeting, kind), minutes_pdf(meeting), "application/pdf")
