"""Action items, meetings, safety-walk follow-ups and minutes: what needs doing."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from actionplan.models import (
    ActionItem,
)
from byrum.dates import months_after
from meetings.models import (
    FOLLOW_UP_MONTHS,
    Meeting,
    MeetingState,
    SafetyWalk,
    WalkState,
)

from .common import FOLLOW_UP_HORIZON_DAYS, OLDEST_SHOWN, figure_url

# --- Action items and what comes next ------------------------------------------------------


def _overdue(user, plan, today):
    """The plan's overdue items the user may see: of its groups and its initiatives."""
    return ActionItem.objects.visible_to(user).of_plan(plan).overdue(on=today)


def overdue_actions(user, plan, today=None):
    """Action-items figure: the plan's overdue items counted by group and by responsible
    organisation, each linking to the action-item list filtered by the plan and the group or
    organisation. Two queries."""
    overdue = _overdue(user, plan, today).order_by()
    by_group = [
        {
            "name": r["group__name"],
            "count": r["n"],
            "url": figure_url(
                "actionplan:action_list", overdue="yes", plan=plan.pk, group=r["group_id"]
            ),
        }
        for r in overdue.filter(group__isnull=False)
        .values("group_id", "group__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "group__name")
    ]
    by_organisation = [
        {
            "name": r["responsible_organisation__name"],
            "count": r["n"],
            "url": figure_url(
                "actionplan:action_list",
                overdue="yes",
                plan=plan.pk,
                organisation=r["responsible_organisation_id"],
            ),
        }
        for r in overdue.filter(responsible_organisation__isnull=False)
        .values("responsible_organisation_id", "responsible_organisation__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "responsible_organisation__name")
    ]
    return {"by_group": by_group, "by_organisation": by_organisation}


def overdue_count(user, plan, today=None):
    """Action-items figure: how many of the plan's items are overdue in all, and the list of
    them. One query."""
    return {
        "count": _overdue(user, plan, today).count(),
        "url": figure_url("actionplan:action_list", overdue="yes", plan=plan.pk),
    }


def oldest_overdue(user, plan, today=None):
    """Action-items figure: the plan's oldest overdue items. One query."""
    return list(_overdue(user, plan, today).for_list().order_by("due", "pk")[:OLDEST_SHOWN])


def upcoming_meetings(user, now=None):
    """Next: the upcoming meetings the user may see. One query."""
    return list(Meeting.objects.visible_to(user).upcoming(now).for_list()[:OLDEST_SHOWN])


def walk_follow_ups(user, today=None):
    """Next: completed safety walks whose six-month follow-up falls within
    ``FOLLOW_UP_HORIZON_DAYS`` days (or is overdue) and whose follow-up meeting has not been
    held. One query."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=FOLLOW_UP_HORIZON_DAYS)
    return list(
        SafetyWalk.objects.visible_to(user)
        .filter(state=WalkState.COMPLETED, date__lte=months_after(horizon, -FOLLOW_UP_MONTHS))
        .filter(
            Q(follow_up_meeting__isnull=True) | Q(follow_up_meeting__state=MeetingState.PLANNED)
        )
        .select_related("place", "group", "follow_up_meeting")
        .order_by("date", "pk")[:OLDEST_SHOWN]
    )


def minutes_waiting(user):
    """Next: held meetings whose minutes are not approved yet, the oldest first; with a link
    per state to the meeting list. One query (the count comes from the rows, capped)."""
    waiting = list(
        Meeting.objects.visible_to(user)
        .filter(state__in=[MeetingState.HELD, MeetingState.MINUTES_DRAFT])
        .select_related("group")
        .order_by("start", "pk")[:OLDEST_SHOWN]
    )
    return {
        "meetings": waiting,
        "held_url": figure_url("meetings:list", state=MeetingState.HELD),
        "draft_url": figure_url("meetings:list", state=MeetingState.MINUTES_DRAFT),
    }
