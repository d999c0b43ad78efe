"""Action items, meetings, safety-walk follow-ups and minutes: what needs doing."""

import datetime

from django.db.models import Count, Q, Window
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


def _overdue_breakdown(overdue, key, name, shown, url):
    """The overdue items counted per ``key`` (a group or an organisation), the most first;
    with ``shown``, only that many rows and how many there are in all (a window over the
    grouped rows: still one query). Rows are plain values, their links built here."""
    rows = (
        overdue.filter(**{f"{key}__isnull": False})
        .values(key, name)
        .annotate(n=Count("pk"), rows=Window(Count("*")))
        .order_by("-n", name)
    )
    if shown is not None:
        rows = rows[:shown]
    rows = list(rows)
    found = [{"name": r[name], "count": r["n"], "url": url(r[key])} for r in rows]
    return found, (rows[0]["rows"] if rows else 0)


def overdue_actions(user, plan, today=None, *, shown=None):
    """Action-items figure: the plan's overdue items counted by group and by responsible
    organisation, each linking to the action-item list filtered by the plan and the group or
    organisation. With ``shown`` (the dashboard), only the groups and organisations with the
    most, and how many more there are: a city has hundreds. Two queries."""
    overdue = _overdue(user, plan, today).order_by()
    by_group, groups = _overdue_breakdown(
        overdue,
        "group_id",
        "group__name",
        shown,
        lambda pk: figure_url("actionplan:action_list", overdue="yes", plan=plan.pk, group=pk),
    )
    by_organisation, organisations = _overdue_breakdown(
        overdue,
        "responsible_organisation_id",
        "responsible_organisation__name",
        shown,
        lambda pk: figure_url(
            "actionplan:action_list", overdue="yes", plan=plan.pk, organisation=pk
        ),
    )
    return {
        "by_group": by_group,
        "by_organisation": by_organisation,
        "more_groups": groups - len(by_group),
        "more_organisations": organisations - len(by_organisation),
    }


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
