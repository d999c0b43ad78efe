"""Fetch-and-check helpers for meetings, their parts and safety walks."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import (
    AgendaItem,
    Decision,
    Meeting,
    MinutesComment,
    Participant,
    SafetyWalk,
)


def get_meeting_for_user(user, pk, *, write=False):
    """404 for meetings outside the user's view (Meeting.objects.visible_to), 403 for meetings
    they see but may not prepare or write minutes for (Meeting.can_edit)."""
    if not user.has_perm("meetings.view_meeting"):
        raise Http404
    meeting = get_object_or_404(
        Meeting.objects.visible_to(user).select_related("group", "place", "approved_by"), pk=pk
    )
    if write and not meeting.can_edit(user):
        raise PermissionDenied
    return meeting


def get_agenda_item_for_user(user, pk, *, write=True):
    item = get_object_or_404(AgendaItem.objects.only("pk", "meeting_id"), pk=pk)
    meeting = get_meeting_for_user(user, item.meeting_id, write=write)
    item = AgendaItem.objects.select_related("finding__action_item").get(pk=pk)
    item.meeting = meeting
    return item


def get_decision_for_user(user, pk, *, write=True):
    decision = get_object_or_404(Decision.objects.select_related("agenda_item"), pk=pk)
    decision.agenda_item.meeting = get_meeting_for_user(
        user, decision.agenda_item.meeting_id, write=write
    )
    return decision


def get_participant_for_user(user, pk, *, write=True):
    participant = get_object_or_404(Participant, pk=pk)
    participant.meeting = get_meeting_for_user(user, participant.meeting_id, write=write)
    return participant


def get_walk_for_user(user, pk, *, write=False):
    if not user.has_perm("meetings.view_safetywalk"):
        raise Http404
    walk = get_object_or_404(
        SafetyWalk.objects.visible_to(user).select_related("group", "place", "follow_up_meeting"),
        pk=pk,
    )
    if write and not walk.can_edit(user):
        raise PermissionDenied
    return walk


def get_comment_for_user(user, pk, *, write=True):
    """A comment on draft minutes: resolving it is the secretary's (write on the meeting)."""
    comment = get_object_or_404(MinutesComment.objects.select_related("round"), pk=pk)
    comment.round.meeting = get_meeting_for_user(user, comment.round.meeting_id, write=write)
    return comment


def get_minutes_meeting_for_user(user, pk):
    """A meeting whose minutes the user may read (published, theirs to write, or sent to
    them for comments): 404 otherwise, as for a missing id."""
    meeting = get_meeting_for_user(user, pk)
    if not meeting.minutes_visible_to(user):
        raise Http404
    return meeting
