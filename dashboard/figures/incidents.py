"""Incident and small-job figures of a plan: what happened at the plan's places, read from
the trigger-kept summaries (incidents.summary): the totals, categories and weeks from the
plan's own rows (PlanIncidentWeek, the sum over its places: at most weeks × categories rows
however many places the plan covers), the place table through the places' (place, week)
index. Every function takes the summary or the small jobs the user may read and the plan,
and counts only the plan's places (ActionPlan.places); its links open the lists filtered the
same way (``plan=<pk>``: incidents or small jobs at the plan's places)."""

import datetime
import json

from django.db import connections
from django.db.models import Count, Q, Sum

from incidents.models import IncidentCategory

from .charts import bar_chart
from .common import figure_url, week_link

# --- Incidents ----------------------------------------------------------------------------


def _in_period(rows, period):
    """The summary rows of the period and the previous one (weeks are Mondays, Copenhagen)."""
    return rows.filter(week__gte=period.previous_monday, week__lte=period.last_sunday)


def _of_plan(rows, plan, period):
    """The rows of a per-place summary at the plan's places in the period and the previous
    one."""
    return _in_period(rows, period).filter(place_id__in=plan.place_ids())


def _plans_own(rows, plan, period):
    """The plan's PlanIncidentWeek rows in the period and the previous one: read from the
    (plan, week, category) index alone."""
    return _in_period(rows, period).filter(plan=plan)


def incidents_per_week(plan_weeks, plan, period):
    """Incident figure: incidents at the plan's places per ISO week of the period against the
    same week of the previous period, with the chart's geometry. ``plan_weeks``: the
    PlanIncidentWeek summary the user may read. One query (of at most weeks × categories
    rows)."""
    rows = _plans_own(plan_weeks, plan, period).order_by().values("week").annotate(n=Sum("count"))
    found = {r["week"]: r["n"] for r in rows}
    result = []
    for monday in period.mondays:
        before = monday - datetime.timedelta(weeks=period.weeks)
        result.append(
            {
                "monday": monday,
                "count": found.get(monday, 0),
                "url": week_link(monday, plan=plan.pk),
                "previous_monday": before,
                "previous": found.get(before, 0),
                "previous_url": week_link(before, plan=plan.pk),
            }
        )
    return {"weeks": result, "chart": bar_chart(result)}


def incident_categories(plan_weeks, plan, period):
    """Incident figure: incidents at the plan's places per category, in the period and the
    previous one, with the police and ambulance calls of each; the totals and the categories
    figures shape it (``incident_totals``, ``incidents_per_category``). ``plan_weeks``: the
    PlanIncidentWeek summary the user may read. One query (of at most weeks × categories
    rows)."""
    now, before = Q(week__gte=period.first_monday), Q(week__lt=period.first_monday)
    return list(
        _plans_own(plan_weeks, plan, period)
        .order_by()
        .values("category")
        .annotate(
            now=Sum("count", filter=now, default=0),
            before=Sum("count", filter=before, default=0),
            police_now=Sum("police", filter=now, default=0),
            police_before=Sum("police", filter=before, default=0),
            ambulance_now=Sum("ambulance", filter=now, default=0),
            ambulance_before=Sum("ambulance", filter=before, default=0),
        )
    )


def incident_totals(categories, plan, period):
    """Incident figure: totals of the period and the previous one at the plan's places,
    positive contacts and de-escalations (and their share), police and ambulance called.
    ``categories``: from ``incident_categories``. No query."""
    positive = IncidentCategory.positive()

    def shaped(when, dates):
        def total(key, categories_of=None):
            return sum(
                row[key]
                for row in categories
                if categories_of is None or row["category"] in categories_of
            )

        count = total(when)
        good_contact = total(when, {IncidentCategory.GOOD_CONTACT})
        de_escalation = total(when, {IncidentCategory.DE_ESCALATION})
        positives = total(when, positive)
        at_plan = {"plan": plan.pk, **dates}
        return {
            "total": count,
            "good_contact": good_contact,
            "de_escalation": de_escalation,
            "positive": positives,
            "positive_share": round(100 * positives / count) if count else 0,
            "police": total(f"police_{when}"),
            "ambulance": total(f"ambulance_{when}"),
            "url": figure_url("incidents:list", **at_plan),
            "good_contact_url": figure_url(
                "incidents:list", category=IncidentCategory.GOOD_CONTACT, **at_plan
            ),
            "de_escalation_url": figure_url(
                "incidents:list", category=IncidentCategory.DE_ESCALATION, **at_plan
            ),
            "police_url": figure_url("incidents:list", police_called="true", **at_plan),
            "ambulance_url": figure_url("incidents:list", ambulance_called="true", **at_plan),
        }

    return {
        "now": shaped("now", period.dates()),
        "before": shaped("before", period.previous_dates()),
    }


def incidents_per_category(categories, plan, period):
    """Incident figure: incidents at the plan's places per category in the period and the
    previous one, most frequent first, each linking to its list. ``categories``: from
    ``incident_categories``. No query."""
    labels = dict(IncidentCategory.choices)
    result = [
        {
            "category": r["category"],
            "label": labels.get(r["category"], r["category"]),
            "count": r["now"],
            "previous": r["before"],
            "positive": r["category"] in IncidentCategory.positive(),
            "url": figure_url(
                "incidents:list", plan=plan.pk, category=r["category"], **period.dates()
            ),
            "previous_url": figure_url(
                "incidents:list", plan=plan.pk, category=r["category"], **period.previous_dates()
            ),
        }
        for r in categories
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


def incidents_per_place(place_weeks, plan, period, *, limit=PLACES_SHOWN):
    """Incident figure: the place × week table of the plan's places. The ``limit`` places
    with most incidents in the period (ties: the bigger rise first, then the name) of those
    with incidents in the period or the previous one: each one's count in every week of the
    period, its period total against the previous period's, and whether it is getting better
    or worse; and how many more of the plan's places had incidents. Each cell links to the
    place's incident list for that week. ``place_weeks``: the IncidentPlaceWeek summary the
    user may read. One query: the ranking and the limit are done in PostgreSQL, so only the
    places shown are loaded."""
    if place_weeks.query.is_empty():
        return {"mondays": period.mondays, "places": [], "more": 0, "url": None}
    totals = (
        _of_plan(place_weeks, plan, period)
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
                "url": week_link(monday, place=pk),
            }
            for monday in period.mondays
        ]
        result.append(
            {
                "pk": pk,
                "name": name,
                "city": city,
                "cells": cells,
                "total": total,
                "previous": previous,
                "change": total - previous,
                "trend": "worse"
                if total > previous
                else ("better" if total < previous else "same"),
                "url": figure_url("incidents:list", place=pk, **period.dates()),
                "previous_url": figure_url("incidents:list", place=pk, **period.previous_dates()),
            }
        )
    return {
        "mondays": period.mondays,
        "places": result,
        "more": rows[0][5] - len(rows) if rows else 0,
        "url": figure_url("incidents:list", plan=plan.pk, **period.dates()),
    }


def _level(count, peak):
    """0–4: how dark a cell of the place × week table is."""
    if not count or not peak:
        return 0
    return min(4, 1 + (4 * count - 1) // peak)


def small_jobs(jobs, plan, period, *, limit=PLACES_SHOWN):
    """Small-jobs figure: jobs, hours and participants at the plan's places in the period in
    total, and per place for the ``limit`` places with most jobs (then by name), with how many
    more places had jobs. ``jobs``: the small jobs the user may see. Two queries: the totals,
    and the places shown."""
    in_period = jobs.filter(
        place_id__in=plan.place_ids(), date__gte=period.first_monday, date__lte=period.last_sunday
    ).order_by()
    totals = in_period.aggregate(
        count=Count("pk"),
        hours=Sum("hours"),
        participants=Sum("participants"),
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
            "url": figure_url("incidents:smalljob_list", place=r["place_id"], **dates),
        }
        for r in rows
    ]
    return {
        "places": places,
        "more": totals["places"] - len(places),
        "count": totals["count"],
        "hours": totals["hours"] or 0,
        "participants": totals["participants"] or 0,
        "url": figure_url("incidents:smalljob_list", plan=plan.pk, **dates),
    }
