"""The demo plans: Aalborg's plan and Aarhus' Klostertorvet initiatives, idempotent."""

import pytest

from actionplan.models import (
    ActionItem,
    ActionPlan,
    ApprovalStep,
    Assessment,
    Initiative,
    InitiativeUpdate,
    TimelineActivity,
)
from demo import governance as demo
from demo import plan as demo_plan
from places.models import Place
from tests.actionplan.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def _snapshot():
    return {
        "plans": sorted(ActionPlan.objects.values_list("title", "budget", "status")),
        "approvals": ApprovalStep.objects.count(),
        "timeline": sorted(TimelineActivity.objects.values_list("month", "activity", "status")),
        "assessments": Assessment.objects.count(),
        "initiatives": sorted(
            Initiative.objects.values_list("title", "status", "budget_allocated", "budget_spent")
        ),
        "updates": InitiativeUpdate.objects.count(),
        "items": sorted(ActionItem.objects.values_list("title", "due", "status")),
        "places": Place.objects.count(),
    }


def test_seeding_twice_changes_nothing():
    demo.seed()
    demo_plan.seed()
    first = _snapshot()
    demo.seed()
    demo_plan.seed()
    assert _snapshot() == first


def test_demo_plan_has_aalborgs_timeline_budget_and_overdue_items():
    demo.seed()
    demo_plan.seed()
    aalborg = ActionPlan.objects.with_budget().get(municipality="Aalborg Kommune")
    assert aalborg.budget == 2_500_000
    assert not aalborg.budget_summary().over_allocated
    bodies = set(aalborg.approval_steps.values_list("body", flat=True))
    assert {
        "Familie- og Socialudvalget",
        "By- og Landskabsudvalget",
        "Byrådet",
        "Intern og ekstern høring",
    } <= bodies
    months = aalborg.activities.dates("month", "month")
    assert months.first().isoformat() == "2017-11-01" and months.last().isoformat() == "2018-12-01"
    assert set(aalborg.goals.values_list("track", flat=True)) == {"short", "long"}
    assert ActionItem.objects.overdue().count() >= 3
    klostertorvet = Place.objects.get(name="Klostertorvet")
    kinds = set(Initiative.objects.for_place(klostertorvet).values_list("kind", flat=True))
    assert {"safe_place", "social_caretakers", "physical", "small_jobs"} <= kinds
    assert {"idea", "in_progress", "done"} <= set(
        Initiative.objects.filter(places=klostertorvet).values_list("status", flat=True)
    )
    # Every initiative's status is the last of its updates.
    for initiative in Initiative.objects.all():
        assert initiative.updates.order_by("-date").first().new_status == initiative.status


def test_uses_places_the_places_app_already_seeded():
    existing = PlaceFactory(name="Klostertorvet", city="Aarhus", kind="square")
    demo.seed()
    demo_plan.seed()
    assert Place.objects.filter(name="Klostertorvet").get() == existing
    assert existing.initiatives.exists()
