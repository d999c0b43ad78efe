"""Everything for one page: the dashboard and the report."""

from actionplan.selectors import involvement_breakdown, involvement_figures
from incidents.models import IncidentPlaceWeek, PlanIncidentWeek, SmallJob

from .actions import (
    minutes_waiting,
    oldest_overdue,
    overdue_actions,
    overdue_count,
    upcoming_meetings,
    walk_follow_ups,
)
from .common import OVERDUE_ROWS_SHOWN, STALE_AFTER_DAYS
from .incidents import (
    incident_categories,
    incident_totals,
    incidents_per_category,
    incidents_per_place,
    incidents_per_week,
    small_jobs,
)
from .plan import budget, goal_status, initiatives_by_status, quiet_initiatives
from .report import (
    area_and_secretariat,
    decisions,
    evaluation,
    goals_with_assessments,
    initiative_list,
)

# --- Everything for one page -------------------------------------------------------------


def overview(user, plan, period, *, today=None, overdue_shown=OVERDUE_ROWS_SHOWN):
    """All the dashboard's figures for ``plan`` and ``period``: its goals, initiatives and
    budget; the incidents and small jobs at its places; the overdue items of its groups and
    initiatives (``overdue_shown`` groups and organisations of them; None: all, as the
    report's workbook lists them). ``plan`` comes from ``plan.plans(user)``: of the user's
    municipality."""
    plan_weeks = PlanIncidentWeek.objects.visible_to(user)
    categories = incident_categories(plan_weeks, plan, period)
    place_weeks = IncidentPlaceWeek.objects.visible_to(user)
    overdue = overdue_count(user, plan, today=today)
    return {
        "goals": goal_status(plan, period),
        "initiatives": initiatives_by_status(plan),
        "quiet_initiatives": quiet_initiatives(plan, today=today),
        "stale_days": STALE_AFTER_DAYS,
        "budget": budget(plan),
        # The evaluation point "Borgerinddragelse": the plan's whole period, not the weeks.
        "involvement": involvement_figures(plan, user),
        "incident_weeks": incidents_per_week(plan_weeks, plan, period),
        "incident_totals": incident_totals(categories, plan, period),
        "categories": incidents_per_category(categories, plan, period),
        "place_weeks": incidents_per_place(place_weeks, plan, period),
        "small_jobs": small_jobs(SmallJob.objects.visible_to(user), plan, period),
        "overdue": overdue_actions(user, plan, today=today, shown=overdue_shown),
        "overdue_count": overdue["count"],
        "overdue_url": overdue["url"],
        "oldest_overdue": oldest_overdue(user, plan, today=today),
        "meetings": upcoming_meetings(user),
        "walk_follow_ups": walk_follow_ups(user, today=today),
        "minutes": minutes_waiting(user),
    }


def report(user, plan, period, *, today=None):
    """The dashboard's figures plus what the council report adds."""
    figures = overview(user, plan, period, today=today, overdue_shown=None)
    figures.update(
        area=area_and_secretariat(plan),
        goal_list=goals_with_assessments(plan),
        initiative_list=initiative_list(plan),
        decisions=decisions(user, plan, period),
        evaluation=evaluation(plan),
        # The tables behind "Borgerinddragelse": the plan's whole period, like its figures.
        involvement_breakdown=involvement_breakdown(plan),
    )
    return figures
