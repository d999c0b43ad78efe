"""iCalendar (.ics) for meetings: the personal and group feeds and one file per meeting."""

import datetime

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

# A feed carries the last year and everything ahead; calendar apps keep what they have seen.
FEED_HISTORY = datetime.timedelta(days=365)


def feed_window(meetings):
    return meetings.filter(start__gte=timezone.now() - FEED_HISTORY).order_by("start")


def build_calendar(meetings, *, name, base_url):
    calendar = Calendar()
    calendar.add("prodid", "-//Byrum//Meetings//DA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Copenhagen")
    stamp = timezone.now()
    for meeting in meetings:
        url = base_url.rstrip("/") + meeting.get_absolute_url()
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@byrum")
        event.add("dtstamp", stamp)
        event.add("dtstart", meeting.start)
        event.add("dtend", meeting.end)
        event.add("summary", f"{meeting.title} – {meeting.group.name}")
        where = meeting.location or (meeting.place.name if meeting.place_id else "")
        if where:
            event.add("location", where)
        description = "\n\n".join(part for part in (meeting.description, url) if part)
        event.add("description", description)
        event.add("url", url)
        event.add("status", "CONFIRMED")
        calendar.add_component(event)
    return calendar


def ics_response(calendar, *, filename, download=False):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response
