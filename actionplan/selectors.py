"""Reads that span several of the plan's models, each serving one page."""

import dataclasses
import itertools
from urllib.parse import urlencode

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    PARTICIPANT_FIELDS,
    PARTICIPANT_KINDS,
    ActionItem,
    ActionPlan,
    ActivityKind,
    EvaluationPoint,
    Initiative,
    InitiativeStatus,
    InputKind,
    InputOutcome,
    InvolvementActivity,
    InvolvementInput,
    MediationCase,
    Track,
)


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
        # The plan's area (what its figures count) and its secretariat.
        "places": list(plan.places.only("pk", "name", "city").order_by("city", "name")),
        "consultants": list(plan.consultants.select_related("organisation").order_by("name")),
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
        "involvement": involvement_figures(plan, user),
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


@dataclasses.dataclass(frozen=True)
class Figure:
    """One number of the evaluation point "Borgerinddragelse" and the list that shows it
    (``url`` is None when the user may not open that list)."""

    key: str
    label: str
    count: int
    url: str | None
    share: int | None = None  # percent of the inputs, for the answered and changed shares


def _list_url(name, **params):
    return reverse(name) + "?" + urlencode(params)


def involvement_figures(plan, user) -> dict:
    """The evaluation point "Borgerinddragelse" for one plan, as the plan page, the dashboard
    and the council report show it: activities, people by kind, inputs, the share answered and
    the share that changed something, hearing responses, citizen-driven initiatives and
    mediation cases; each figure links to the list that counts the same rows. Four queries."""
    people = InvolvementActivity.objects.filter(plan=plan).participant_totals()
    inputs = InvolvementInput.objects.filter(activity__plan=plan).totals()
    citizen_driven = Initiative.objects.filter(plan=plan).citizen_driven().count()
    mediation = MediationCase.objects.filter(plan=plan).count()
    total = inputs["inputs"]

    def share(n):
        return round(100 * n / total) if total else 0

    activities_url = _list_url("actionplan:involvement_list", plan=plan.pk)
    inputs_url = _list_url("actionplan:input_list", plan=plan.pk)
    may_see_mediation = user.has_perm("actionplan.view_mediationcase")
    figures = [
        Figure("activities", _("Involvement activities"), people["activities"], activities_url),
        Figure("inputs", _("Inputs raised"), total, inputs_url),
        Figure(
            "answered",
            _("Inputs answered"),
            inputs["answered"],
            _list_url("actionplan:input_list", plan=plan.pk, answered="yes"),
            share(inputs["answered"]),
        ),
        Figure(
            "changed",
            _("Inputs that changed something"),
            inputs["changed"],
            _list_url("actionplan:input_list", plan=plan.pk, changed="yes"),
            share(inputs["changed"]),
        ),
        Figure(
            "hearing",
            _("Hearing responses"),
            inputs["hearing"],
            _list_url("actionplan:input_list", plan=plan.pk, activity_kind="hearing"),
        ),
        Figure(
            "citizen_driven",
            _("Citizen-driven initiatives"),
            citizen_driven,
            _list_url("actionplan:initiative_list", plan=plan.pk, citizen_driven="yes"),
        ),
        Figure(
            "mediation",
            _("Mediation cases"),
            mediation,
            _list_url("actionplan:mediation_list", plan=plan.pk) if may_see_mediation else None,
        ),
    ]
    by_kind = [(label, people[field]) for field, label in PARTICIPANT_KINDS]
    return {
        "figures": figures,
        "people_by_kind": by_kind,
        "people_total": sum(n for _label, n in by_kind),
        "people_url": activities_url,
    }


def involvement_breakdown(plan) -> dict:
    """The council report's and its workbook's tables behind "Borgerinddragelse": the plan's
    activities by kind with the people who took part by kind (numbers, never names), and its
    inputs by kind and by what became of them. Every row, column and cell links to the list
    that counts the same: the activity list (its count, and its people by kind) filtered by
    plan and kind, the input list filtered by plan, kind and outcome. Two queries."""
    activity_rows = {
        row["kind"]: row
        for row in InvolvementActivity.objects.filter(plan=plan)
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
        .annotate(**{field: Sum(field, default=0) for field in PARTICIPANT_FIELDS})
    }
    activities = []
    for kind, label in ActivityKind.choices:
        found = activity_rows.get(kind, {})
        people = [found.get(field, 0) for field in PARTICIPANT_FIELDS]
        activities.append(
            {
                "kind": kind,
                "label": label,
                "count": found.get("n", 0),
                "people": people,
                "people_total": sum(people),
                "url": _list_url("actionplan:involvement_list", plan=plan.pk, kind=kind),
            }
        )
    people = [sum(row["people"][n] for row in activities) for n in range(len(PARTICIPANT_FIELDS))]

    input_counts = {
        (row["kind"], row["outcome"]): row["n"]
        for row in InvolvementInput.objects.filter(activity__plan=plan)
        .order_by()
        .values("kind", "outcome")
        .annotate(n=Count("pk"))
    }

    def inputs_url(**params):
        return _list_url("actionplan:input_list", plan=plan.pk, **params)

    inputs = []
    for kind, label in InputKind.choices:
        cells = [
            {
                "count": input_counts.get((kind, outcome), 0),
                "url": inputs_url(kind=kind, outcome=outcome),
            }
            for outcome in InputOutcome.values
        ]
        inputs.append(
            {
                "kind": kind,
                "label": label,
                "cells": cells,
                "total": sum(c["count"] for c in cells),
                "url": inputs_url(kind=kind),
            }
        )
    return {
        "participant_kinds": [label for _field, label in PARTICIPANT_KINDS],
        "activities": activities,
        "activity_total": {
            "count": sum(row["count"] for row in activities),
            "people": people,
            "people_total": sum(people),
            "url": _list_url("actionplan:involvement_list", plan=plan.pk),
        },
        "outcomes": [
            {
                "outcome": outcome,
                "label": label,
                "count": sum(c for (_k, o), c in input_counts.items() if o == outcome),
                "url": inputs_url(outcome=outcome),
            }
            for outcome, label in InputOutcome.choices
        ],
        "inputs": inputs,
        "input_total": {"count": sum(input_counts.values()), "url": inputs_url()},
    }
