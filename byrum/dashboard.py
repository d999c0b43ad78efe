"""The steering group's dashboard and the report to the city council: the reads.

One function per figure. Each aggregates in PostgreSQL (Count/Sum with ``filter=``, weeks by
``TruncWeek`` in Europe/Copenhagen) and runs a fixed number of queries whatever the number of
incidents, places or weeks; the docstring says how many. Python only shapes the aggregated
rows (at most places × weeks of them), never loops over incidents.

The figures are live: nothing is cached or computed in a nightly batch.

Access log: the dashboard, the report and the workbook show counts of incidents only, never
an incident's text, place-and-time row or the person who reported it, so they are not
logged (the incident list a figure links to logs its own reads).
"""

import dataclasses
import datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.db.models import Count, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncWeek
from django.urls import reverse
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
from incidents.models import Incident, IncidentCategory, SmallJob
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


def _url(name, args=None, **params):
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse(name, args=args) + (f"?{query}" if query else "")


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


def _week_of(moment):
    return moment.astimezone(COPENHAGEN).date()


def _weekly(queryset, field, since):
    """``queryset`` from ``since`` counted per ISO week (Copenhagen), with extra values."""
    return queryset.filter(**{f"{field}__gte": since}).annotate(
        week=TruncWeek(field, tzinfo=COPENHAGEN)
    )


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
    latest = Assessment.objects.filter(goal=OuterRef("pk")).order_by("-date", "-pk")
    goals = list(
        Goal.objects.filter(plan=plan)
        .annotate(
            status_now=Subquery(
                latest.filter(date__lte=period.last_sunday).values("status")[:1]
            ),
            status_before=Subquery(
                latest.filter(date__lt=period.first_monday).values("status")[:1]
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


def incidents_per_week(incidents, period):
    """Incident figure: incidents per ISO week of the period against the same week of the
    previous period, with the chart's geometry. One query."""
    rows = (
        _weekly(incidents, "occurred_at", period.previous_start)
        .filter(occurred_at__lt=period.end)
        .order_by()
        .values("week")
        .annotate(n=Count("pk"))
    )
    found = {_week_of(r["week"]): r["n"] for r in rows}
    weeks = []
    for monday in period.mondays:
        before = monday - datetime.timedelta(weeks=period.weeks)
        weeks.append({
            "monday": monday,
            "count": found.get(monday, 0),
            "url": _week_link(monday),
            "previous_monday": before,
            "previous": found.get(before, 0),
            "previous_url": _week_link(before),
        })
    return {"weeks": weeks, "chart": bar_chart(weeks)}


def incident_totals(incidents, period):
    """Incident figure: totals of the period and the previous one, positive contacts and
    de-escalations (and their share), police and ambulance called. One query."""

    def counts(since, until):
        window = Q(occurred_at__gte=since, occurred_at__lt=until)
        return {
            "total": Count("pk", filter=window),
            "good_contact": Count(
                "pk", filter=window & Q(category=IncidentCategory.GOOD_CONTACT)
            ),
            "de_escalation": Count(
                "pk", filter=window & Q(category=IncidentCategory.DE_ESCALATION)
            ),
            "police": Count("pk", filter=window & Q(police_called=True)),
            "ambulance": Count("pk", filter=window & Q(ambulance_called=True)),
        }

    now = counts(period.start, period.end)
    before = counts(period.previous_start, period.start)
    result = incidents.order_by().aggregate(
        **now, **{f"prev_{k}": v for k, v in before.items()}
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

    return {"now": shaped("", period.dates()), "before": shaped("prev_", period.previous_dates())}


def incidents_per_category(incidents, period):
    """Incident figure: incidents per category in the period and the previous one, most
    frequent first. One query."""
    rows = (
        incidents.filter(occurred_at__gte=period.previous_start, occurred_at__lt=period.end)
        .order_by()
        .values("category")
        .annotate(
            now=Count("pk", filter=Q(occurred_at__gte=period.start)),
            before=Count("pk", filter=Q(occurred_at__lt=period.start)),
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


def incidents_per_place(incidents, period):
    """Incident figure: the place × week table. For each place with incidents, its count in
    every week of the period, its period total against the previous period's, and whether it
    is getting better or worse; the worst (most incidents in the period) first. Each cell
    links to the place's incident list for that week. One query."""
    rows = (
        _weekly(incidents, "occurred_at", period.previous_start)
        .filter(occurred_at__lt=period.end)
        .order_by()
        .values("place_id", "place__name", "place__city", "week")
        .annotate(n=Count("pk"))
    )
    places = {}
    for r in rows:
        place = places.setdefault(
            r["place_id"],
            {"pk": r["place_id"], "name": r["place__name"], "city": r["place__city"],
             "weeks": {}, "previous": 0},
        )
        monday = _week_of(r["week"])
        if monday < period.first_monday:
            place["previous"] += r["n"]
        else:
            place["weeks"][monday] = r["n"]
    peak = max((n for p in places.values() for n in p["weeks"].values()), default=0)
    result = []
    for place in places.values():
        cells = [
            {
                "monday": monday,
                "count": place["weeks"].get(monday, 0),
                "level": _level(place["weeks"].get(monday, 0), peak),
                "url": _week_link(monday, place=place["pk"]),
            }
            for monday in period.mondays
        ]
        total = sum(c["count"] for c in cells)
        result.append({
            "pk": place["pk"],
            "name": place["name"],
            "city": place["city"],
            "cells": cells,
            "total": total,
            "previous": place["previous"],
            "change": total - place["previous"],
            "trend": "worse" if total > place["previous"] else (
                "better" if total < place["previous"] else "same"
            ),
            "url": _url("incidents:list", place=place["pk"], **period.dates()),
            "previous_url": _url("incidents:list", place=place["pk"], **period.previous_dates()),
        })
    result.sort(key=lambda p: (-p["total"], -p["change"], p["name"]))
    return {"mondays": period.mondays, "places": result}


def _level(count, peak):
    """0–4: how dark a cell of the place × week table is."""
    if not count or not peak:
        return 0
    return min(4, 1 + (4 * count - 1) // peak)


def small_jobs(jobs, period):
    """Small-jobs figure: jobs, hours and participants in the period, per place and in
    total. One query."""
    rows = (
        jobs.filter(date__gte=period.first_monday, date__lte=period.last_sunday)
        .order_by()
        .values("place_id", "place__name")
        .annotate(n=Count("pk"), hours=Sum("hours"), participants=Sum("participants"))
        .order_by("-n", "place__name")
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
        "count": sum(p["count"] for p in places),
        "hours": sum(p["hours"] for p in places),
        "participants": sum(p["participants"] for p in places),
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
    """Report: the plan's goals with their assessments, newest first. Two queries."""
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
    incidents = Incident.objects.visible_to(user)
    return {
        "goals": goal_status(plan, period),
        "initiatives": initiatives_by_status(plan),
        "quiet_initiatives": quiet_initiatives(plan, today=today),
        "stale_days": STALE_AFTER_DAYS,
        "budget": budget(plan),
        "incident_weeks": incidents_per_week(incidents, period),
        "incident_totals": incident_totals(incidents, period),
        "categories": incidents_per_category(incidents, period),
        "place_weeks": incidents_per_place(incidents, period),
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
