"""iCalendar (.ics) for meetings: the personal and group feeds and one file per meeting."""

import datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

# A feed carries the last year and everything ahead; calendar apps keep what they have seen.
FEED_HISTORY = datetime.timedelta(days=365)


def feed_window(meetings):
    return meetings.filter(start__gte=timezone.now() - FEED_HISTORY).order_by("start")


def meeting_uid(meeting):
    """The meeting's UID in every calendar, feed and invitation: the same for its whole life."""
    return f"meeting-{meeting.pk}@byrum"


def build_calendar(meetings, *, name, base_url, method="PUBLISH", organizer=""):
    """A calendar of meetings: the feeds (PUBLISH), or an invitation to one meeting
    (REQUEST) or its cancellation (CANCEL). Cancelled meetings stay in, as CANCELLED."""
    calendar = Calendar()
    calendar.add("prodid", "-//Byrum//Meetings//DA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Copenhagen")
    stamp = timezone.now()
    for meeting in meetings:
        url = base_url.rstrip("/") + meeting.get_absolute_url()
        event = Event()
        event.add("uid", meeting_uid(meeting))
        event.add("sequence", meeting.sequence)
        event.add("dtstamp", stamp)
        if organizer:
            event.add("organizer", f"mailto:{organizer}")
        event.add("dtstart", meeting.start)
        event.add("dtend", meeting.end)
        summary = f"{meeting.title} – {meeting.group.name}"
        if meeting.is_cancelled:
            summary = _("Cancelled: %(summary)s") % {"summary": summary}
        event.add("summary", summary)
        where = meeting.location or (meeting.place.name if meeting.place_id else "")
        if where:
            event.add("location", where)
        cancelled = meeting.is_cancelled or method == "CANCEL"
        reason = meeting.cancel_reason if meeting.is_cancelled else ""
        description = "\n\n".join(part for part in (reason, meeting.description, url) if part)
        event.add("description", description)
        event.add("url", url)
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        calendar.add_component(event)
    return calendar


def invitation(meeting, *, base_url, organizer, cancel=False):
    """The .ics sent with an invitation, an update (the same UID, a higher SEQUENCE) or a
    cancellation (METHOD:CANCEL)."""
    method = "CANCEL" if cancel else "REQUEST"
    calendar = build_calendar(
        [meeting], name="", base_url=base_url, method=method, organizer=organizer
    )
    return calendar.to_ical().decode()


def ics_response(calendar, *, filename, download=False):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response
