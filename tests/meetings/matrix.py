"""Meetings and safety walks × personas. The world: a meeting of the local group with minutes in
draft (the members see its agenda, not its minutes), a published one, a steering-group meeting
(which the local members do not see), and a planned safety walk by the local group."""

from django.urls import reverse

from meetings.models import AgendaItem, CalendarToken, Meeting, MinutesComment, MinutesRound
from tests.matrix import Row, everyone, only

from .factories import (
    AgendaItemFactory,
    DecisionFactory,
    FindingFactory,
    MeetingFactory,
    ParticipantFactory,
    SafetyWalkFactory,
    at,
)

READERS = everyone(outsider=403)
SEES = everyone(outsider=404)  # group members, the steering group, consultants: 404 to outsiders
# Write to the local group's meeting: consultants and the administrator; members and the
# steering group see it (403), the outsider does not (404).
WRITERS = only({"consultant": 200, "admin": 200}, denied=403) | {"outsider": 404}
WRITERS_POST = WRITERS | {"consultant": 302, "admin": 302}
PLANNERS = only({"consultant": 200, "admin": 200}, denied=403)
# Draft minutes: those who write them (and the chair, and the round's recipients) read them;
# the other members see the meeting but get 404 for its draft minutes.
DRAFT_READERS = WRITERS | {"caretaker": 404, "steering": 404, "local": 404}


def build(world):
    people = world.people
    world.meeting = MeetingFactory(
        group=people.local_group, start=at(-2), state=Meeting.State.MINUTES_DRAFT
    )
    world.item = AgendaItemFactory(meeting=world.meeting, notes="Drøftelse af belysningen")
    world.decision = DecisionFactory(agenda_item=world.item)
    world.published = MeetingFactory(
        group=people.local_group, start=at(-30), state=Meeting.State.MINUTES_APPROVED
    )
    world.steering_meeting = MeetingFactory(group=people.steering_group, start=at(10))
    world.walk = SafetyWalkFactory(group=people.local_group)
    world.finding = FindingFactory(walk=world.walk)
    world.finding.photo.save("fund.jpg", _jpeg())
    world.token = CalendarToken.for_user(people.users["local"])
    # Draft minutes out for comments to the local member, with a comment of theirs.
    world.review_meeting = MeetingFactory(
        group=people.local_group, start=at(-3), state=Meeting.State.MINUTES_DRAFT
    )
    world.review_item = AgendaItemFactory(meeting=world.review_meeting, notes="Udkast til referat")
    world.round = MinutesRound.objects.create(
        meeting=world.review_meeting, deadline=at(7).date(), sent_by=people.users["consultant"]
    )
    world.round.recipients.set([people.persons["local"]])
    world.comment = MinutesComment.objects.create(
        round=world.round,
        agenda_item=world.review_item,
        text="Tilføj at lampen er bestilt.",
        author=people.users["local"],
    )


def _jpeg():
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "gray").save(out, format="JPEG")
    return ContentFile(out.getvalue())


def _autosave_data(world):
    item = AgendaItem.objects.get(pk=world.item.pk)
    return {"notes": "Opdateret referat", "version": item.notes_version}


ROWS = [
    Row("meetings:list", lambda w: reverse("meetings:list"), READERS),
    Row("meetings:create", lambda w: reverse("meetings:create"), PLANNERS),
    Row("meetings:detail", lambda w: reverse("meetings:detail", args=[w.meeting.pk]), SEES),
    Row(
        "meetings:detail",
        lambda w: reverse("meetings:detail", args=[w.steering_meeting.pk]),
        SEES | {"local": 404, "caretaker": 404},
    ),
    Row("meetings:edit", lambda w: reverse("meetings:edit", args=[w.meeting.pk]), WRITERS),
    Row(
        "meetings:mark_held",
        lambda w: reverse("meetings:mark_held", args=[w.meeting.pk]),
        WRITERS_POST,
        method="post",
    ),
    Row("meetings:cancel", lambda w: reverse("meetings:cancel", args=[w.meeting.pk]), WRITERS),
    Row("meetings:agenda", lambda w: reverse("meetings:agenda", args=[w.meeting.pk]), WRITERS),
    Row(
        "meetings:agenda_copy",
        lambda w: reverse("meetings:agenda_copy", args=[w.meeting.pk]),
        WRITERS_POST,
        method="post",
    ),
    Row(
        "meetings:agenda_item_edit",
        lambda w: reverse("meetings:agenda_item_edit", args=[w.item.pk]),
        WRITERS,
    ),
    Row(
        "meetings:agenda_item_move",
        lambda w: reverse("meetings:agenda_item_move", args=[w.item.pk]),
        WRITERS_POST,
        method="post",
        data=lambda w: {"direction": "down"},
    ),
    # The item has minutes, so the delete is refused with a message (302) and stays for the
    # next persona.
    Row(
        "meetings:agenda_item_delete",
        lambda w: reverse("meetings:agenda_item_delete", args=[w.item.pk]),
        WRITERS_POST,
        method="post",
    ),
    Row(
        "meetings:participants",
        lambda w: reverse("meetings:participants", args=[w.meeting.pk]),
        WRITERS,
    ),
    Row(
        "meetings:participants_invite",
        lambda w: reverse("meetings:participants_invite", args=[w.meeting.pk]),
        WRITERS_POST,
        method="post",
    ),
    Row(
        "meetings:participant_invite_person",
        lambda w: reverse("meetings:participant_invite_person", args=[w.meeting.pk]),
        WRITERS,
    ),
    Row(
        "meetings:participant_add_guest",
        lambda w: reverse("meetings:participant_add_guest", args=[w.meeting.pk]),
        WRITERS,
    ),
    # A fresh participant per persona: the one before removed its own.
    Row(
        "meetings:participant_remove",
        lambda w: reverse(
            "meetings:participant_remove", args=[ParticipantFactory(meeting=w.meeting).pk]
        ),
        WRITERS_POST,
        method="post",
    ),
    Row("meetings:minutes", lambda w: reverse("meetings:minutes", args=[w.meeting.pk]), WRITERS),
    Row(
        "meetings:minutes_autosave",
        lambda w: reverse("meetings:minutes_autosave", args=[w.item.pk]),
        WRITERS,
        method="post",
        data=_autosave_data,
    ),
    Row(
        "meetings:decision_add",
        lambda w: reverse("meetings:decision_add", args=[w.item.pk]),
        WRITERS,
    ),
    Row(
        "meetings:decision_action_add",
        lambda w: reverse("meetings:decision_action_add", args=[w.decision.pk]),
        WRITERS,
    ),
    Row("meetings:publish", lambda w: reverse("meetings:publish", args=[w.meeting.pk]), WRITERS),
    # Draft minutes: only consultants (and the secretary) print them; the published ones
    # everyone who sees the meeting.
    Row(
        "meetings:print",
        lambda w: reverse("meetings:print", args=[w.meeting.pk]),
        WRITERS | {"caretaker": 404, "steering": 404, "local": 404},
    ),
    Row("meetings:print", lambda w: reverse("meetings:print", args=[w.published.pk]), SEES),
    Row(
        "meetings:meeting_ics", lambda w: reverse("meetings:meeting_ics", args=[w.meeting.pk]), SEES
    ),
    # The round before approval.
    Row(
        "meetings:round_send",
        lambda w: reverse("meetings:round_send", args=[w.meeting.pk]),
        WRITERS,
    ),
    Row(
        "meetings:review", lambda w: reverse("meetings:review", args=[w.meeting.pk]), DRAFT_READERS
    ),
    # Sent to the local member: they read and comment; the caretaker (same group) does not.
    Row(
        "meetings:review",
        lambda w: reverse("meetings:review", args=[w.review_meeting.pk]),
        DRAFT_READERS | {"local": 200},
    ),
    Row(
        "meetings:comment_add",
        lambda w: reverse("meetings:comment_add", args=[w.review_item.pk]),
        DRAFT_READERS | {"local": 200, "consultant": 403, "admin": 403},
    ),
    Row(
        "meetings:comment_add",
        lambda w: reverse("meetings:comment_add", args=[w.review_item.pk]),
        DRAFT_READERS | {"local": 302, "consultant": 403, "admin": 403},
        method="post",
        data=lambda w: {"text": "Enig."},
    ),
    Row(
        "meetings:comment_resolve",
        lambda w: reverse("meetings:comment_resolve", args=[w.comment.pk]),
        WRITERS,
    ),
    # Nobody chairs the local group and its mandate leaves approval to the chair.
    Row(
        "meetings:approve",
        lambda w: reverse("meetings:approve", args=[w.review_meeting.pk]),
        DRAFT_READERS | {"local": 403, "consultant": 403, "admin": 403},
    ),
    # The steering member chairs the steering group: they approve its minutes.
    Row(
        "meetings:approve",
        lambda w: reverse("meetings:approve", args=[w.steering_meeting.pk]),
        only({"steering": 200}, denied=403) | {"local": 404, "caretaker": 404, "outsider": 404},
    ),
    # The documents: the minutes as whoever may read them, the agenda as the meeting.
    Row(
        "meetings:minutes_pdf",
        lambda w: reverse("meetings:minutes_pdf", args=[w.meeting.pk]),
        DRAFT_READERS,
    ),
    Row(
        "meetings:minutes_pdf",
        lambda w: reverse("meetings:minutes_pdf", args=[w.published.pk]),
        SEES,
    ),
    Row("meetings:agenda_pdf", lambda w: reverse("meetings:agenda_pdf", args=[w.meeting.pk]), SEES),
    Row("meetings:decision_list", lambda w: reverse("meetings:decision_list"), READERS),
    Row("meetings:calendar", lambda w: reverse("meetings:calendar"), READERS),
    Row(
        "meetings:calendar_regenerate",
        lambda w: reverse("meetings:calendar_regenerate"),
        everyone(302, outsider=403),
        method="post",
    ),
    # The feeds need no login: the token is the key (here the local member's token).
    Row(
        "meetings:calendar_feed",
        lambda w: reverse("meetings:calendar_feed", args=[w.token.token]),
        everyone(200, anonymous=200),
        public=True,
    ),
    Row(
        "meetings:group_calendar_feed",
        lambda w: reverse(
            "meetings:group_calendar_feed", args=[w.token.token, w.people.local_group.pk]
        ),
        everyone(200, anonymous=200),
        public=True,
    ),
    Row("meetings:walk_list", lambda w: reverse("meetings:walk_list"), READERS),
    Row("meetings:walk_create", lambda w: reverse("meetings:walk_create"), PLANNERS),
    Row("meetings:walk_detail", lambda w: reverse("meetings:walk_detail", args=[w.walk.pk]), SEES),
    Row("meetings:walk_edit", lambda w: reverse("meetings:walk_edit", args=[w.walk.pk]), WRITERS),
    Row(
        "meetings:walk_add_guest",
        lambda w: reverse("meetings:walk_add_guest", args=[w.walk.pk]),
        WRITERS,
    ),
    # Social caretakers record findings on their groups' walks from the phone.
    Row(
        "meetings:finding_create",
        lambda w: reverse("meetings:finding_create", args=[w.walk.pk]),
        WRITERS | {"caretaker": 200},
    ),
    # A finding's photo: only through this view, to those who see the walk.
    Row(
        "meetings:finding_photo",
        lambda w: reverse("meetings:finding_photo", args=[w.finding.pk]),
        SEES,
    ),
    Row(
        "meetings:walk_complete",
        lambda w: reverse("meetings:walk_complete", args=[w.walk.pk]),
        WRITERS_POST,
        method="post",
    ),
    Row(
        "meetings:theme_meeting_create",
        lambda w: reverse("meetings:theme_meeting_create", args=[w.walk.pk]),
        WRITERS,
    ),
    Row(
        "meetings:theme_meeting_create",
        lambda w: reverse("meetings:theme_meeting_create", args=[w.walk.pk]),
        WRITERS_POST,
        method="post",
        data=lambda w: {
            "title": "Temamøde om belysning",
            "start": "2030-03-12T15:00",
            "duration": "90",
            "location": "Beboerhuset",
            "findings": [w.finding.pk],
        },
    ),
    Row(
        "meetings:decision_export",
        lambda w: reverse("meetings:decision_export", args=["csv"]),
        READERS,
    ),
    Row(
        "meetings:decision_export",
        lambda w: reverse("meetings:decision_export", args=["xlsx"]),
        READERS,
    ),
    Row(
        "meetings:finding_export",
        lambda w: reverse("meetings:finding_export", args=["csv"]),
        READERS,
    ),
    Row(
        "meetings:finding_export",
        lambda w: reverse("meetings:finding_export", args=["xlsx"]),
        READERS,
    ),
]
