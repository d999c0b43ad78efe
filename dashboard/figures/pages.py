"""Everything for one page: the dashboard and the report."""

from actionplan.selectors import involvement_breakdown, involvement_figures
from incidents.models import IncidentPlaceWeek, IncidentWeek, SmallJob

from .actions import (
    minutes_waiting,
    oldest_overdue,
    overdue_actions,
    overdue_count,
    upcoming_meetings,
    walk_follow_ups,
)
from .common import STALE_AFTER_DAYS, figure_url
from .incidents import (
    incident_totals,
    incidents_per_category,
    incidents_per_place,
    incidents_per_week,
    small_jobs,
)
from .plan import budget, goal_status, initiatives_by_status, quiet_initiatives
from .report import decisions, evaluation, goals_with_assessments, initiative_list

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
        # The evaluation point "Borgerinddragelse": the plan's whole period, not the weeks.
        "involvement": involvement_figures(plan, user),
        "incident_weeks": incidents_per_week(weeks, period),
        "incident_totals": incident_totals(weeks, period),
        "categories": incidents_per_category(weeks, period),
        "place_weeks": incidents_per_place(IncidentPlaceWeek.objects.visible_to(user), period),
        "small_jobs": small_jobs(SmallJob.objects.visible_to(user), period),
        "overdue": overdue_actions(user, today=today),
        "overdue_count": overdue_count(user, today=today),
        "oldest_overdue": oldest_overdue(user, today=today),
        "overdue_url": figure_url("actionplan:action_list", overdue="yes"),
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
        # The tables behind "Borgerinddragelse": the plan's whole period, like its figures.
        involvement_breakdown=involvement_breakdown(plan),
    )
    return figures
