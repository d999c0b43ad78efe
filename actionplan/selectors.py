"""Reads that span several of the plan's models, each serving one page."""

import itertools

from django.utils import timezone

from .models import ActionItem, ActionPlan, EvaluationPoint, Initiative, InitiativeStatus, Track


def plan_status(plan: ActionPlan, user, *, today=None) -> dict:
    """Everything the plan page and the printed plan status show, in a fixed number of
    queries whatever the number of goals, initiatives or activities. ``plan`` must come from
    ``ActionPlan.objects.with_budget()``."""
    today = today or timezone.localdate()
    goals = list(plan.goals.with_assessments(today))
    goals_by_track = [
        (label, [g for g in goals if g.track == value]) for value, label in Track.choices
    ]
    evaluations = list(plan.evaluations.as_of(today).select_related("assessed_by"))
    latest_evaluation = [
        (label, next((e for e in evaluations if e.point == value), None))
        for value, label in EvaluationPoint.choices
    ]
    initiatives = list(plan.initiatives.for_list().order_by("title"))
    initiatives_by_status = [
        (value, label, [i for i in initiatives if i.status == value])
        for value, label in InitiativeStatus.choices
    ]
    activities = list(plan.activities.select_related("responsible_group", "responsible_person"))
    for activity in activities:
        activity.late = activity.is_late(today)
    timeline = [
        (month, list(items))
        for month, items in itertools.groupby(activities, key=lambda a: a.month)
    ]
    open_items = list(
        ActionItem.objects.visible_to(user)
        .open()
        .filter(initiative__plan=plan)
        .for_list()
        .urgent_first()
    )
    return {
        "plan": plan,
        "groups": list(plan.groups.all()),
        "approval_steps": list(plan.approval_steps.all()),
        "goals_by_track": goals_by_track,
        "evaluations": evaluations,
        "latest_evaluation": latest_evaluation,
        "initiatives_by_status": initiatives_by_status,
        "initiative_count": len(initiatives),
        "timeline": timeline,
        "budget": plan.budget_summary(),
        "open_items": open_items,
        "overdue_count": sum(1 for item in open_items if item.is_overdue(today)),
        "today": today,
    }


def place_initiatives(place) -> dict:
    """The place page's initiatives and physical measures, in one query. The place view
    adds this to its context and includes "actionplan/includes/place_initiatives.html"."""
    initiatives = list(
        Initiative.objects.filter(places=place)
        .select_related("plan", "responsible_organisation")
        .order_by("status", "title")
    )
    return {
        "place_measures": [i for i in initiatives if i.kind == Initiative.Kind.PHYSICAL],
        "place_initiatives": [i for i in initiatives if i.kind != Initiative.Kind.PHYSICAL],
    }
