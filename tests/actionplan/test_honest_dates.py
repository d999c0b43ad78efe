"""Figures a wrong date would falsify: assessments, initiative status updates and due dates
keep to the calendar, and "the latest assessment" is the same on every page."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from actionplan.forms import ActionItemForm
from actionplan.models import Assessment, Goal, InitiativeUpdate
from dashboard.figures.common import Period
from dashboard.figures.plan import goal_status
from meetings.forms import DecisionActionForm, DecisionForm, FindingForm
from tests.actionplan.factories import (
    ActionItemFactory,
    ActionPlanFactory,
    AssessmentFactory,
    GoalFactory,
    InitiativeFactory,
    InitiativeUpdateFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def share_goal():
    return GoalFactory(indicator="Andel trygge (%)", value_min=0, value_max=100)


def _assess(client, goal, **data):
    return client.post(
        reverse("actionplan:assessment_add", args=[goal.pk]),
        {"date": TODAY.isoformat(), "status": "on_track", **data},
    )


def test_an_assessment_dated_in_the_future_is_refused_in_danish(clients, share_goal):
    response = _assess(
        clients.consultant, share_goal, date=(TODAY + DAY).isoformat(), measured_value="66"
    )
    assert response.status_code == 200
    assert "En vurdering kan ikke dateres i fremtiden." in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_value_outside_the_indicators_range_is_refused_in_danish(clients, share_goal):
    response = _assess(clients.consultant, share_goal, measured_value="150")
    assert "Værdien kan ikke være over 100 for denne indikator." in response.content.decode()
    response = _assess(clients.consultant, share_goal, measured_value="-1")
    assert "Værdien kan ikke være under 0 for denne indikator." in response.content.decode()
    assert not Assessment.objects.exists()
    response = _assess(clients.consultant, share_goal, measured_value="100")
    assert response.status_code == 302
    assert Assessment.objects.get().measured_value == 100


def test_a_goal_whose_range_is_upside_down_is_refused(clients):
    plan = ActionPlanFactory()
    response = clients.consultant.post(
        reverse("actionplan:goal_create"),
        {
            "plan": plan.pk,
            "track": "short",
            "text": "Tryghed",
            "value_min": "100",
            "value_max": "0",
        },
    )
    assert "Den højeste mulige værdi kan ikke være lavere end den laveste." in (
        response.content.decode()
    )
    assert not Goal.objects.exists()


def test_the_latest_assessment_is_the_latest_up_to_today_on_every_page(clients, share_goal):
    # Left over from before the rule: an assessment dated in the future.
    AssessmentFactory(
        goal=share_goal, date=TODAY + 200 * DAY, status="achieved", measured_value=Decimal("99")
    )
    AssessmentFactory(goal=share_goal, date=TODAY, status="at_risk", measured_value=66)
    plan = share_goal.plan

    [goal] = Goal.objects.filter(pk=share_goal.pk).with_assessments()
    assert goal.latest_assessment.measured_value == 66

    response = clients.consultant.get(plan.get_absolute_url())
    [(_, [on_plan_page])] = [(t, g) for t, g in response.context["goals_by_track"] if g]
    assert on_plan_page.latest_assessment.status == "at_risk"

    response = clients.consultant.get(share_goal.get_absolute_url())
    assert [a.status for a in response.context["assessments"]] == ["at_risk"]

    figure = goal_status(plan, Period(until=TODAY + 14 * DAY))
    counts = {row["status"]: row["count"] for row in figure["counts"]}
    assert counts["at_risk"] == 1 and counts["achieved"] == 0


# --- Initiative status updates ---------------------------------------------------------------


@pytest.fixture
def initiative():
    initiative = InitiativeFactory(status="planned")
    InitiativeUpdateFactory(
        initiative=initiative, date=datetime.date(2017, 11, 1), old_status="", new_status="planned"
    )
    return initiative


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (TODAY + DAY, "En statusopdatering kan ikke dateres i fremtiden."),
        (
            datetime.date(2001, 1, 1),
            "En statusopdatering kan ikke dateres før indsatsens historik begynder (01.11.2017).",
        ),
    ],
    ids=["future", "before-creation"],
)
def test_a_status_update_outside_the_initiatives_life_is_refused(clients, initiative, day, message):
    url = reverse("actionplan:initiative_status", args=[initiative.pk])
    response = clients.consultant.post(
        url, {"new_status": "in_progress", "date": day.isoformat(), "note": "x"}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert initiative.updates.count() == 1


def test_a_status_update_on_its_first_day_or_today_is_accepted(clients, initiative):
    url = reverse("actionplan:initiative_status", args=[initiative.pk])
    for day in (datetime.date(2017, 11, 1), TODAY):
        response = clients.consultant.post(
            url, {"new_status": "in_progress", "date": day.isoformat(), "note": "x"}
        )
        assert response.status_code == 302
    assert initiative.updates.count() == 3


def test_a_long_note_is_refused_by_the_form_and_by_the_database(clients, initiative):
    url = reverse("actionplan:initiative_status", args=[initiative.pk])
    response = clients.consultant.post(
        url, {"new_status": "in_progress", "date": TODAY.isoformat(), "note": "x" * 4001}
    )
    assert "Skriv højst 4000 tegn." in response.content.decode()
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        InitiativeUpdate.objects.create(
            initiative=initiative, new_status="planned", note="x" * 4001
        )


def test_the_status_forms_labels_are_capitalised(clients, initiative):
    html = clients.consultant.get(initiative.get_absolute_url()).content.decode()
    for label in ("Ny status", "Dato", "Hvad er der sket"):
        assert re.search(rf">\s*{label}\s*<", html), label


# --- One due-date rule for every form that sets one ------------------------------------------


def _forms(due, people):
    org = people.persons["consultant"].organisation.pk
    return {
        "decision": DecisionForm(
            {
                "text": "Lys på stien",
                "action_title": "Skift pæren",
                "responsible_organisation": org,
                "due": due,
            }
        ),
        "decision action": DecisionActionForm(
            {"action_title": "Skift pæren", "responsible_organisation": org, "due": due}
        ),
        "finding": FindingForm(
            {
                "condition": "broken_lamp",
                "latitude": "57.05",
                "longitude": "9.92",
                "responsible_organisation": org,
                "due": due,
            }
        ),
        "action item": ActionItemForm(
            {"title": "Skift pæren", "responsible_organisation": org, "due": due, "status": "open"}
        ),
    }


def test_every_form_that_sets_a_due_date_refuses_one_in_the_past(people):
    yesterday = (TODAY - DAY).isoformat()
    for name, form in _forms(yesterday, people).items():
        assert not form.is_valid(), name
        assert form.errors["due"] == ["Fristen ligger i fortiden."], name
    for name, form in _forms(TODAY.isoformat(), people).items():
        form.is_valid()
        assert "due" not in form.errors, name


def test_an_overdue_item_keeps_its_date_when_edited(people):
    item = ActionItemFactory(due=TODAY - 10 * DAY, responsible_person=people.persons["steering"])
    data = {
        "title": "Nyt navn",
        "responsible_person": item.responsible_person_id,
        "due": item.due.isoformat(),
        "status": "open",
    }
    assert ActionItemForm(data, instance=item).is_valid()
    data["due"] = (TODAY - 5 * DAY).isoformat()
    assert ActionItemForm(data, instance=item).errors["due"] == ["Fristen ligger i fortiden."]
