"""Incident and small-job figures, read from the trigger-kept summaries."""

import datetime
import json

from django.db import connections
from django.db.models import Count, Q, Sum

from incidents.models import IncidentCategory

from .charts import bar_chart
from .common import figure_url, week_link

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
        result.append(
            {
                "monday": monday,
                "count": found.get(monday, 0),
                "url": week_link(monday),
                "previous_monday": before,
                "previous": found.get(before, 0),
                "previous_url": week_link(before),
            }
        )
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
    result = (
        _weeks_of(weeks, period)
        .order_by()
        .aggregate(
            **{f"now_{k}": v for k, v in now.items()}, **{f"prev_{k}": v for k, v in before.items()}
        )
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
            "url": figure_url("incidents:list", **dates),
            "good_contact_url": figure_url(
                "incidents:list", category=IncidentCategory.GOOD_CONTACT, **dates
            ),
            "de_escalation_url": figure_url(
                "incidents:list", category=IncidentCategory.DE_ESCALATION, **dates
            ),
            "police_url": figure_url("incidents:list", police_called="true", **dates),
            "ambulance_url": figure_url("incidents:list", ambulance_called="true", **dates),
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
            "url": figure_url("incidents:list", category=r["category"], **period.dates()),
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
        "url": figure_url("incidents:list", **period.dates()),
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
        "url": figure_url("incidents:smalljob_list", **dates),
    }
