"""Reads that other pages embed: the home page's next meetings and the place page's meetings
and safety walks."""

from django.db.models import Prefetch

from byrum.attachments import attach_lists
from byrum.models import Attachment

from .models import Attendance, Decision, Meeting, SafetyWalk

NEXT_MEETINGS_SHOWN = 5
PLACE_ROWS_SHOWN = 10


def my_next_meetings(user, *, limit=NEXT_MEETINGS_SHOWN):
    """The user's coming meetings (their groups' and those they are invited to), soonest
    first: the home page's "My next meetings". One query."""
    if not user.has_perm("meetings.view_meeting"):
        return []
    return list(Meeting.objects.of_user(user).upcoming().for_list()[:limit])


def place_meetings_context(place, user, *, limit=PLACE_ROWS_SHOWN):
    """The place page's section (meetings/includes/place_meetings.html, registered in
    meetings/apps.py): the meetings and safety walks at the place that the user may see, the
    latest first. Two queries; None (no section) for users who see no meetings."""
    if not user.has_perm("meetings.view_meeting"):
        return None
    meetings = list(
        Meeting.objects.visible_to(user).for_place(place).for_list().order_by("-start")[:limit]
    )
    walks = list(
        SafetyWalk.objects.visible_to(user).for_place(place).for_list().order_by("-date")[:limit]
    )
    return {
        "place_meetings": meetings,
        "place_walks": walks,
    }


def meeting_document(meeting, *, with_minutes):
    """Everything an agenda or minutes document shows (the PDFs, the minutes mail): the items
    in order with their decisions and action items (with minutes), the attachments of the
    meeting and of each item, and the participants by attendance. Five queries."""
    items = meeting.agenda_items.select_related("finding__action_item").order_by("position", "pk")
    if with_minutes:
        items = items.prefetch_related(
            Prefetch(
                "decisions",
                queryset=Decision.objects.prefetch_related(
                    "action_items__responsible_person", "action_items__responsible_organisation"
                ).order_by("pk"),
            )
        )
    items = list(items)
    attach_lists([meeting, *items], Attachment.objects.for_objects(meeting, *items))
    participants = list(meeting.participants.select_related("person__organisation"))
    by_attendance = {value: [] for value in Attendance.values}
    for participant in participants:
        by_attendance[participant.attendance].append(participant)
    return {
        "meeting": meeting,
        "items": items,
        "participants": participants,
        "present": by_attendance[Attendance.PRESENT],
        "apologies": by_attendance[Attendance.APOLOGIES],
        "absent": by_attendance[Attendance.ABSENT],
        "invited": by_attendance[Attendance.INVITED],
    }
