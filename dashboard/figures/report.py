"""What only the report to the city council shows."""

from django.db.models import Max

from actionplan.models import (
    Assessment,
    Goal,
    Initiative,
)
from meetings.models import (
    Decision,
    MeetingState,
)

# --- For the report ------------------------------------------------------------------------


def area_and_secretariat(plan):
    """Report: what the figures count (the plan's places) and who keeps the plan (its project
    leader, read with the plan by ``plans()``, and its consultants). Two queries."""
    return {
        "places": list(plan.places.only("pk", "name", "city").order_by("city", "name")),
        "project_leader": plan.project_leader,
        "consultants": list(plan.consultants.order_by("name")),
    }


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


def decisions(user, plan, period):
    """Report: the decisions of the plan's groups' meetings held in the period whose minutes
    are approved (a report to the council cites no draft minutes, nor another plan's
    decisions). Two queries (the user's person, read by Decision.objects.visible_to, and the
    decisions)."""
    return list(
        Decision.objects.visible_to(user)
        .filter(
            agenda_item__meeting__group_id__in=plan.group_ids(),
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
        Assessment.objects.filter(plan=plan)
        .select_related("assessed_by")
        .order_by("point", "-date", "-pk")
    )
