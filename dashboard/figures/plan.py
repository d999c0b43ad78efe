"""The plan's figures: goals, initiatives, budget."""

import datetime

from django.db.models import Count, IntegerField, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from actionplan.filters import NOT_ASSESSED
from actionplan.models import (
    ActionPlan,
    Assessment,
    AssessmentStatus,
    Goal,
    Initiative,
    InitiativeStatus,
    Track,
)
from byrum import tenancy

from .common import ACTIVE_PLAN, STALE_AFTER_DAYS, figure_url

# --- The plan -----------------------------------------------------------------------------


def plans(user):
    """The plans of the user's municipality to choose from, each with its budget totals
    (``with_budget``) and how many places its area has (``place_count``: the page says when
    the figures can count nothing). Serves the plan chooser, the plan in force and the budget
    figure. One query."""
    links = ActionPlan.places.through.objects.filter(actionplan_id=OuterRef("pk")).order_by()
    place_count = links.values("actionplan_id").annotate(n=Count("pk")).values("n")[:1]
    return list(
        tenancy.scoped(ActionPlan.objects.all(), user)
        .select_related("municipality", "project_leader")
        .with_budget()
        .annotate(place_count=Coalesce(Subquery(place_count), 0, output_field=IntegerField()))
        .order_by("-period_start", "title")
    )


def current_plan(plan_list, today=None):
    """The plan in force today (approved or in implementation, its period covering today),
    else the newest, of ``plan_list`` (the user's municipality's: ``plans``). No query."""
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
        "initiatives_url": figure_url("actionplan:initiative_list", plan=plan.pk),
    }


def goal_status(plan, period):
    """Goals figure: how many goals are on track / at risk / off track / achieved / not yet
    assessed (by their latest assessment up to the period's end), each linking to the goal
    list of exactly those goals (the same ``Goal.objects.with_status`` on the same day), and
    the goals whose status changed during the period. One query."""
    # The same "latest assessment" as the plan page (Assessment.objects.as_of): never one
    # dated after today, even when the period runs on into the coming days.
    end = min(period.last_sunday, timezone.localdate())
    before = min(period.first_monday - datetime.timedelta(days=1), end)
    goals = list(
        Goal.objects.filter(plan=plan)
        .with_status(end)
        .annotate(
            status_before=Subquery(
                Assessment.objects.as_of(before).filter(goal=OuterRef("pk")).values("status")[:1]
            ),
        )
        .order_by("track", "pk")
    )
    counts = {status: 0 for status in AssessmentStatus.values}
    unassessed = 0
    for goal in goals:
        if goal.status_on:
            counts[goal.status_on] += 1
        else:
            unassessed += 1
    labels = dict(AssessmentStatus.choices)

    def goals_url(**status):
        return figure_url("actionplan:goal_list", plan=plan.pk, on=end.isoformat(), **status)

    return {
        "counts": [
            {"status": s, "label": labels[s], "count": counts[s], "url": goals_url(status=s)}
            for s in AssessmentStatus.values
        ],
        "unassessed": unassessed,
        "unassessed_url": goals_url(status=NOT_ASSESSED),
        "total": len(goals),
        "changed": [
            {
                "goal": goal,
                "before": labels.get(goal.status_before, ""),
                "now": labels[goal.status_on],
                "status": goal.status_on,
            }
            for goal in goals
            if goal.status_on and goal.status_on != goal.status_before
        ],
        "url": goals_url(),
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
                "url": figure_url(
                    "actionplan:initiative_list", plan=plan.pk, status=status, track=track
                ),
            }
            for track in Track.values
        ]
        table.append(
            {
                "status": status,
                "label": label,
                "cells": cells,
                "total": sum(c["count"] for c in cells),
                "url": figure_url("actionplan:initiative_list", plan=plan.pk, status=status),
            }
        )
    return {
        "tracks": [
            {"label": label, "url": figure_url("actionplan:initiative_list", plan=plan.pk, track=t)}
            for t, label in Track.choices
        ],
        "rows": table,
        "total": sum(r["total"] for r in table),
        "url": figure_url("actionplan:initiative_list", plan=plan.pk),
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
