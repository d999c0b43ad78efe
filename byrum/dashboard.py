"""The steering group's dashboard and the report to the city council: the reads.

One function per figure. Each aggregates in PostgreSQL (Count/Sum with ``filter=``) and runs a
fixed number of queries whatever the number of incidents, places or weeks; the docstring says
how many. Python only shapes the aggregated rows, never loops over incidents.

The incident figures read the summaries IncidentWeek (per ISO week in Europe/Copenhagen and
category) and IncidentPlaceWeek (per week and place), which PostgreSQL triggers keep exact
(incidents.summary), so they read a few hundred rows instead of the tens of thousands of
incidents a city has in the weeks compared. The figures are live: an incident counts from the
moment it is committed; nothing is cached or computed in a nightly batch. The summaries count
every incident, so they serve only those who see every incident (the dashboard's users).

Access log: the dashboard, the report and the workbook show counts of incidents only, never
an incident's text, place-and-time row or the person who reported it, so they are not
logged (the incident list a figure links to logs its own reads).
"""

import dataclasses
import datetime
import functools
import json
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.db import connections
from django.db.models import Count, Max, OuterRef, Q, Subquery, Sum
from django.urls import get_script_prefix, reverse
from django.utils import timezone

from actionplan.models import (
    ActionItem,
    ActionPlan,
    Assessment,
    AssessmentStatus,
    Goal,
    Initiative,
    InitiativeStatus,
    Track,
)
from incidents.models import IncidentCategory, IncidentPlaceWeek, IncidentWeek, SmallJob
from meetings.models import (
    FOLLOW_UP_MONTHS,
    Decision,
    Meeting,
    MeetingState,
    SafetyWalk,
    WalkState,
    add_months,
)

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
DEFAULT_WEEKS = 12
# An initiative under way without a dated update for this long has gone quiet.
STALE_AFTER_DAYS = 60
OLDEST_SHOWN = 5
# Safety-walk follow-ups due within this many days (or overdue).
FOLLOW_UP_HORIZON_DAYS = 30
ACTIVE_PLAN = [ActionPlan.Status.IMPLEMENTATION, ActionPlan.Status.APPROVED]


@functools.lru_cache(maxsize=256)
def _path(prefix, name, args):
    return reverse(name, args=args)


def _url(name, args=None, **params):
    """A figure's link: the page behind it, already filtered. A dashboard has hundreds of
    links to a handful of pages, so each page's path is reversed once (per script prefix)."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    path = _path(get_script_prefix(), name, tuple(args) if args else None)
    return path + (f"?{query}" if query else "")


@dataclasses.dataclass(frozen=True)
class Period:
    """``weeks`` whole ISO weeks (Monday to Sunday, Copenhagen time) ending with the week
    that holds ``until``, compared with the same number of weeks before them."""

    until: datetime.date
    weeks: int = DEFAULT_WEEKS

    @property
    def first_monday(self):
        return self.until - datetime.timedelta(days=self.until.weekday(), weeks=self.weeks - 1)

    @property
    def last_sunday(self):
        return self.first_monday + datetime.timedelta(weeks=self.weeks, days=-1)

    @property
    def previous_monday(self):
        return self.first_monday - datetime.timedelta(weeks=self.weeks)

    @property
    def mondays(self):
        return [self.first_monday + datetime.timedelta(weeks=n) for n in range(self.weeks)]

    @staticmethod
    def _midnight(day):
        return datetime.datetime.combine(day, datetime.time.min, tzinfo=COPENHAGEN)

    @property
    def start(self):
        return self._midnight(self.first_monday)

    @property
    def end(self):
        """Midnight after the last Sunday (exclusive)."""
        return self._midnight(self.last_sunday + datetime.timedelta(days=1))

    @property
    def previous_start(self):
        return self._midnight(self.previous_monday)

    def dates(self):
        """The incident list's date filters for the period."""
        return {"date_from": self.first_monday.isoformat(), "date_to": self.last_sunday.isoformat()}

    def previous_dates(self):
        return {
            "date_from": self.previous_monday.isoformat(),
            "date_to": (self.first_monday - datetime.timedelta(days=1)).isoformat(),
        }


def _week_link(monday, **params):
    sunday = monday + datetime.timedelta(days=6)
    return _url(
        "incidents:list", date_from=monday.isoformat(), date_to=sunday.isoformat(), **params
    )


# --- The plan -----------------------------------------------------------------------------


def plans():
    """The plans to choose from, each with its budget totals (``with_budget``). Serves the
    plan chooser and the budget figure. One query."""
    return list(ActionPlan.objects.with_budget().order_by("-period_start", "title"))


def current_plan(plan_list, today=None):
    """The plan in force today (approved or in implementation, its period covering today),
    else the newest. No query."""
    today = today or timezone.localdate()
    for plan in plan_list:
        if plan.status in ACTIVE_PLAN and plan.period_start <= today <= plan.period_end:
            return plan
    return plan_list[0] if plan_list else None


def budget(plan):
    """Budget figure: plan budget, allocated, spent, remaining. No query (the plan comes
    from ``plans()`` with its totals)."""
    summary = plan.budget_summary()
    return {
        "summary": summary,
        "url": plan.get_absolute_url() + "#budget",
        "initiatives_url": _url("actionplan:initiative_list", plan=plan.pk),
    }


def goal_status(plan, period):
    """Goals figure: how many goals are on track / at risk / off track / achieved / not yet
    assessed (by their latest assessment up to the period's end), and the goals whose status
    changed during the period. One query."""
    # The same "latest assessment" as the plan page (Assessment.objects.as_of): never one
    # dated after today, even when the period runs on into the coming days.
    end = min(period.last_sunday, timezone.localdate())
    before = period.first_monday - datetime.timedelta(days=1)
    goals = list(
        Goal.objects.filter(plan=plan)
        .annotate(
            status_now=Subquery(
                Assessment.objects.as_of(end).filter(goal=OuterRef("pk")).values("status")[:1]
            ),
            status_before=Subquery(
                Assessment.objects.as_of(min(before, end))
                .filter(goal=OuterRef("pk"))
                .values("status")[:1]
            ),
        )
        .order_by("track", "pk")
    )
    counts = {status: 0 for status in AssessmentStatus.values}
    unassessed = 0
    for goal in goals:
        if goal.status_now:
            counts[goal.status_now] += 1
        else:
            unassessed += 1
    labels = dict(AssessmentStatus.choices)
    plan_url = plan.get_absolute_url() + "#goals"
    return {
        "counts": [
            {"status": s, "label": labels[s], "count": counts[s], "url": plan_url}
            for s in AssessmentStatus.values
        ],
        "unassessed": unassessed,
        "total": len(goals),
        "changed": [
            {
                "goal": goal,
                "before": labels.get(goal.status_before, ""),
                "now": labels[goal.status_now],
                "status": goal.status_now,
            }
            for goal in goals
            if goal.status_now and goal.status_now != goal.status_before
        ],
        "url": plan_url,
    }


def initiatives_by_status(plan):
    """Initiatives figure: how many per status and track, each linking to the initiative list
    filtered by plan, status and track. One query."""
    rows = (
        Initiative.objects.filter(plan=plan)
        .order_by()
        .values("status", "track")
        .annotate(n=Count("pk"))
    )
    found = {(r["status"], r["track"]): r["n"] for r in rows}
    table = []
    for status, label in InitiativeStatus.choices:
        cells = [
            {
                "count": found.get((status, track), 0),
                "url": _url(
                    "actionplan:initiative_list", plan=plan.pk, status=status, track=track
                ),
            }
            for track in Track.values
        ]
        table.append({
            "status": status,
            "label": label,
            "cells": cells,
            "total": sum(c["count"] for c in cells),
            "url": _url("actionplan:initiative_list", plan=plan.pk, status=status),
        })
    return {
        "tracks": [
            {"label": label, "url": _url("actionplan:initiative_list", plan=plan.pk, track=t)}
            for t, label in Track.choices
        ],
        "rows": table,
        "total": sum(r["total"] for r in table),
        "url": _url("actionplan:initiative_list", plan=plan.pk),
    }


def quiet_initiatives(plan, today=None):
    """Initiatives figure: initiatives planned or under way with no dated update for
    ``STALE_AFTER_DAYS`` days (or none at all), the quietest first. One query."""
    today = today or timezone.localdate()
    limit = today - datetime.timedelta(days=STALE_AFTER_DAYS)
    return list(
        Initiative.objects.filter(
            plan=plan, status__in=[InitiativeStatus.PLANNED, InitiativeStatus.IN_PROGRESS]
        )
        .annotate(last_update=Max("updates__date"))
        .filter(Q(last_update__lt=limit) | Q(last_update__isnull=True))
        .select_related("responsible_organisation")
        .order_by("last_update", "title")
    )


# --- Incidents ----------------------------------------------------------------------------


def _weeks_of(weeks, period):
    """The summary rows of the period and the previous one (weeks are Mondays, Copenhagen)."""
    return weeks.filter(week__gte=period.previous_monday, week__lte=period.last_sunday)


def incidents_per_week(weeks, period):
    """Incident figure: incidents per ISO week of the period against the same week of the
    previous period, with the chart's geometry. ``weeks``: the IncidentWeek summary the user
    may read. One query."""
    rows = _weeks_of(weeks, period).order_by().values("week").annotate(n=Sum("count"))
    found = {r["week"]: r["n"] for r in rows}
    result = []
    for monday in period.mondays:
        before = monday - datetime.timedelta(weeks=period.weeks)
        result.append({
            "monday": monday,
            "count": found.get(monday, 0),
            "url": _week_link(monday),
            "previous_monday": before,
            "previous": found.get(before, 0),
            "previous_url": _week_link(before),
        })
    return {"weeks": result, "chart": bar_chart(result)}


def incident_totals(weeks, period):
    """Incident figure: totals of the period and the previous one, positive contacts and
    de-escalations (and their share), police and ambulance called. ``weeks``: the IncidentWeek
    summary the user may read. One query."""

    def sums(window):
        return {
            "total": Sum("count", filter=window, default=0),
            "good_contact": Sum(
                "count", filter=window & Q(category=IncidentCategory.GOOD_CONTACT), default=0
            ),
            "de_escalation": Sum(
                "count", filter=window & Q(category=IncidentCategory.DE_ESCALATION), default=0
            ),
            "police": Sum("police", filter=window, default=0),
            "ambulance": Sum("ambulance", filter=window, default=0),
        }

    now = sums(Q(week__gte=period.first_monday))
    before = sums(Q(week__lt=period.first_monday))
    # Prefixed names: an aggregate may not take the name of a field ("police").
    result = _weeks_of(weeks, period).order_by().aggregate(
        **{f"now_{k}": v for k, v in now.items()}, **{f"prev_{k}": v for k, v in before.items()}
    )

    def shaped(prefix, dates):
        total = result[f"{prefix}total"]
        positive = result[f"{prefix}good_contact"] + result[f"{prefix}de_escalation"]
        return {
            "total": total,
            "good_contact": result[f"{prefix}good_contact"],
            "de_escalation": result[f"{prefix}de_escalation"],
            "positive": positive,
            "positive_share": round(100 * positive / total) if total else 0,
            "police": result[f"{prefix}police"],
            "ambulance": result[f"{prefix}ambulance"],
            "url": _url("incidents:list", **dates),
            "good_contact_url": _url(
                "incidents:list", category=IncidentCategory.GOOD_CONTACT, **dates
            ),
            "de_escalation_url": _url(
                "incidents:list", category=IncidentCategory.DE_ESCALATION, **dates
            ),
            "police_url": _url("incidents:list", police_called="true", **dates),
            "ambulance_url": _url("incidents:list", ambulance_called="true", **dates),
        }

    return {
        "now": shaped("now_", period.dates()),
        "before": shaped("prev_", period.previous_dates()),
    }


def incidents_per_category(weeks, period):
    """Incident figure: incidents per category in the period and the previous one, most
    frequent first. ``weeks``: the IncidentWeek summary the user may read. One query."""
    rows = (
        _weeks_of(weeks, period)
        .order_by()
        .values("category")
        .annotate(
            now=Sum("count", filter=Q(week__gte=period.first_monday), default=0),
            before=Sum("count", filter=Q(week__lt=period.first_monday), default=0),
        )
    )
    labels = dict(IncidentCategory.choices)
    result = [
        {
            "category": r["category"],
            "label": labels.get(r["category"], r["category"]),
            "count": r["now"],
            "previous": r["before"],
            "positive": r["category"] in IncidentCategory.positive(),
            "url": _url("incidents:list", category=r["category"], **period.dates()),
        }
        for r in rows
    ]
    result.sort(key=lambda r: (-r["count"], -r["previous"], r["label"]))
    return result


# The place × week table shows this many places; a city has some 1,500 with incidents.
PLACES_SHOWN = 25

# Ranks the places of ``totals`` (place_id, total, previous) and keeps the first few, with
# how many places there are in all and each one's weeks of the period. The cells are read
# from the (place, week) index for the places shown only.
_PLACE_TABLE = """
WITH totals AS ({totals}),
top AS (
    SELECT t.place_id, p.name, p.city, t.total, t.previous, count(*) OVER () AS places
    FROM totals t JOIN places_place p ON p.id = t.place_id
    ORDER BY t.total DESC, t.total - t.previous DESC, p.name, t.place_id
    LIMIT %s
)
SELECT top.place_id, top.name, top.city, top.total, top.previous, top.places,
       (SELECT coalesce(jsonb_object_agg(to_char(w.week, 'YYYY-MM-DD'), w.count), '{{}}')
        FROM incidents_incidentplaceweek w
        WHERE w.place_id = top.place_id AND w.week >= %s AND w.week <= %s) AS weeks
FROM top
ORDER BY top.total DESC, top.total - top.previous DESC, top.name, top.place_id
"""


def incidents_per_place(place_weeks, period, *, limit=PLACES_SHOWN):
    """Incident figure: the place × week table. The ``limit`` places with most incidents in
    the period (ties: the bigger rise first, then the name) of those with incidents in the
    period or the previous one: each one's count in every week of the period, its period
    total against the previous period's, and whether it is getting better or worse; and how
    many more places had incidents. Each cell links to the place's incident list for that
    week. ``place_weeks``: the IncidentPlaceWeek summary the user may read. One query: the
    ranking and the limit are done in PostgreSQL, so only the places shown are loaded."""
    if place_weeks.query.is_empty():
        return {"mondays": period.mondays, "places": [], "more": 0, "url": None}
    totals = (
        _weeks_of(place_weeks, period)
        .order_by()
        .values("place_id")
        .annotate(
            total=Sum("count", filter=Q(week__gte=period.first_monday), default=0),
            previous=Sum("count", filter=Q(week__lt=period.first_monday), default=0),
        )
    )
    totals_sql, totals_params = totals.query.sql_with_params()
    with connections[place_weeks.db].cursor() as cursor:
        cursor.execute(
            _PLACE_TABLE.format(totals=totals_sql),
            [*totals_params, limit, period.first_monday, period.last_sunday],
        )
        # Django reads jsonb as text (JSONField decodes it), so decode here.
        rows = [(*row[:6], json.loads(row[6])) for row in cursor.fetchall()]
    peak = max((n for row in rows for n in row[6].values()), default=0)
    result = []
    for pk, name, city, total, previous, _places, weeks in rows:
        found = {datetime.date.fromisoformat(week): n for week, n in weeks.items()}
        cells = [
            {
                "monday": monday,
                "count": found.get(monday, 0),
                "level": _level(found.get(monday, 0), peak),
                "url": _week_link(monday, place=pk),
            }
            for monday in period.mondays
        ]
        result.append({
            "pk": pk,
            "name": name,
            "city": city,
            "cells": cells,
            "total": total,
            "previous": previous,
            "change": total - previous,
            "trend": "worse" if total > previous else ("better" if total < previous else "same"),
            "url": _url("incidents:list", place=pk, **period.dates()),
            "previous_url": _url("incidents:list", place=pk, **period.previous_dates()),
        })
    return {
        "mondays": period.mondays,
        "places": result,
        "more": rows[0][5] - len(rows) if rows else 0,
        "url": _url("incidents:list", **period.dates()),
    }


def _level(count, peak):
    """0–4: how dark a cell of the place × week table is."""
    if not count or not peak:
        return 0
    return min(4, 1 + (4 * count - 1) // peak)


def small_jobs(jobs, period, *, limit=PLACES_SHOWN):
    """Small-jobs figure: jobs, hours and participants in the period in total, and per place
    for the ``limit`` places with most jobs (then by name), with how many more places had
    jobs. Two queries: the totals, and the places shown."""
    in_period = jobs.filter(date__gte=period.first_monday, date__lte=period.last_sunday).order_by()
    totals = in_period.aggregate(
        count=Count("pk"), hours=Sum("hours"), participants=Sum("participants"),
        places=Count("place_id", distinct=True),
    )
    rows = (
        in_period.values("place_id", "place__name")
        .annotate(n=Count("pk"), hours=Sum("hours"), participants=Sum("participants"))
        .order_by("-n", "place__name")[:limit]
    )
    dates = period.dates()
    places = [
        {
            "name": r["place__name"],
            "count": r["n"],
            "hours": r["hours"] or 0,
            "participants": r["participants"] or 0,
            "url": _url("incidents:smalljob_list", place=r["place_id"], **dates),
        }
        for r in rows
    ]
    return {
        "places": places,
        "more": totals["places"] - len(places),
        "count": totals["count"],
        "hours": totals["hours"] or 0,
        "participants": totals["participants"] or 0,
        "url": _url("incidents:smalljob_list", **dates),
    }


# --- Action items and what comes next ------------------------------------------------------


def overdue_actions(user, today=None):
    """Action-items figure: the overdue items counted by group and by responsible
    organisation, each linking to the filtered action-item list. Two queries."""
    overdue = ActionItem.objects.visible_to(user).overdue(on=today).order_by()
    by_group = [
        {
            "name": r["group__name"],
            "count": r["n"],
            "url": _url("actionplan:action_list", overdue="yes", group=r["group_id"]),
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
            "url": _url(
                "actionplan:action_list", overdue="yes",
                organisation=r["responsible_organisation_id"],
            ),
        }
        for r in overdue.filter(responsible_organisation__isnull=False)
        .values("responsible_organisation_id", "responsible_organisation__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "responsible_organisation__name")
    ]
    return {"by_group": by_group, "by_organisation": by_organisation}


def overdue_count(user, today=None):
    """Action-items figure: how many items are overdue in all. One query."""
    return ActionItem.objects.visible_to(user).overdue(on=today).count()


def oldest_overdue(user, today=None):
    """Action-items figure: the oldest overdue items. One query."""
    return list(
        ActionItem.objects.visible_to(user).overdue(on=today).for_list()
        .order_by("due", "pk")[:OLDEST_SHOWN]
    )


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
        .filter(state=WalkState.COMPLETED, date__lte=add_months(horizon, -FOLLOW_UP_MONTHS))
        .filter(
            Q(follow_up_meeting__isnull=True)
            | Q(follow_up_meeting__state=MeetingState.PLANNED)
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
        "held_url": _url("meetings:list", state=MeetingState.HELD),
        "draft_url": _url("meetings:list", state=MeetingState.MINUTES_DRAFT),
    }


# --- For the report ------------------------------------------------------------------------


def goals_with_assessments(plan):
    """Report: the plan's goals with their assessments up to today, newest first. Two
    queries."""
    return list(Goal.objects.filter(plan=plan).with_assessments().order_by("track", "pk"))


def initiative_list(plan):
    """Report: the plan's initiatives with their status and budget. One query."""
    return list(
        Initiative.objects.filter(plan=plan)
        .select_related("responsible_organisation")
        .annotate(last_update=Max("updates__date"))
        .order_by("track", "status", "title")
    )


def decisions(user, period):
    """Report: the decisions of meetings held in the period whose minutes are approved (a
    report to the council cites no draft minutes). Two queries (the user's person, read by
    Decision.objects.visible_to, and the decisions)."""
    return list(
        Decision.objects.visible_to(user)
        .filter(
            agenda_item__meeting__start__gte=period.start,
            agenda_item__meeting__start__lt=period.end,
            agenda_item__meeting__state=MeetingState.MINUTES_APPROVED,
        )
        .select_related("agenda_item__meeting__group")
        .order_by("agenda_item__meeting__start", "pk")
    )


def evaluation(plan):
    """Report: the plan's evaluation notes on each evaluation point, newest first. One
    query."""
    return list(
        Assessment.objects.filter(plan=plan).select_related("assessed_by").order_by(
            "point", "-date", "-pk"
        )
    )


# --- Charts -------------------------------------------------------------------------------

CHART_WIDTH = 640
CHART_HEIGHT = 200
CHART_TOP = 10
CHART_BOTTOM = 30
CHART_LEFT = 30


def bar_chart(weeks):
    """Server-rendered SVG geometry for incidents per week: this period's bar next to the
    previous period's for each week. No query."""
    peak = max([w["count"] for w in weeks] + [w["previous"] for w in weeks] + [1])
    plot = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    slot = (CHART_WIDTH - CHART_LEFT) / max(len(weeks), 1)
    bar = slot * 0.38
    bars = []
    for i, week in enumerate(weeks):
        x = CHART_LEFT + i * slot + slot * 0.1
        for offset, value, kind in ((0, week["previous"], "previous"), (bar, week["count"], "now")):
            height = plot * value / peak
            bars.append({
                "x": round(x + offset, 1),
                "y": round(CHART_TOP + plot - height, 1),
                "width": round(bar, 1),
                "height": round(height, 1),
                "kind": kind,
            })
        week["label_x"] = round(x + bar, 1)
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "bars": bars,
        "peak": peak,
        "baseline": CHART_TOP + plot,
        "label_y": CHART_HEIGHT - 10,
        "left": CHART_LEFT,
        "weeks": weeks,
    }


# --- Everything for one page -------------------------------------------------------------


def overview(user, plan, period, *, today=None):
    """All the dashboard's figures for ``plan`` and ``period``."""
    weeks = IncidentWeek.objects.visible_to(user)
    return {
        "goals": goal_status(plan, period),
        "initiatives": initiatives_by_status(plan),
        "quiet_initiatives": quiet_initiatives(plan, today=today),
        "stale_days": STALE_AFTER_DAYS,
        "budget": budget(plan),
        "incident_weeks": incidents_per_week(weeks, period),
        "incident_totals": incident_totals(weeks, period),
        "categories": incidents_per_category(weeks, period),
        "place_weeks": incidents_per_place(IncidentPlaceWeek.objects.visible_to(user), period),
        "small_jobs": small_jobs(SmallJob.objects.visible_to(user), period),
        "overdue": overdue_actions(user, today=today),
        "overdue_count": overdue_count(user, today=today),
        "oldest_overdue": oldest_overdue(user, today=today),
        "overdue_url": _url("actionplan:action_list", overdue="yes"),
        "meetings": upcoming_meetings(user),
        "walk_follow_ups": walk_follow_ups(user, today=today),
        "minutes": minutes_waiting(user),
    }


def report(user, plan, period, *, today=None):
    """The dashboard's figures plus what the council report adds."""
    figures = overview(user, plan, period, today=today)
    figures.update(
        goal_list=goals_with_assessments(plan),
        initiative_list=initiative_list(plan),
        decisions=decisions(user, period),
        evaluation=evaluation(plan),
    )
    return figures
