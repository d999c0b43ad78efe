"""Reads that other pages embed: the home page's next meetings and the place page's meetings
and safety walks."""

from .models import Meeting, SafetyWalk

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
