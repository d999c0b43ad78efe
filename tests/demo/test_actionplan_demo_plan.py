"""The demo plans: Aalborg's plan and Aarhus' Klostertorvet initiatives, each in its
municipality, idempotent."""

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
from byrum import tenancy
from demo import governance as demo
from demo import plan as demo_plan
from demo.seed import municipalities
from places.models import Place
from tests.actionplan.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def seed():
    """The governance and the plans of both municipalities, each in its own."""
    for municipality in municipalities():
        with tenancy.municipality(municipality.pk):
            demo.seed(municipality)
            demo_plan.seed(municipality)


def _snapshot():
    """What the app's role sees: the municipality set for the test (Aalborg), then Aarhus."""
    with tenancy.municipality(municipalities()[1].pk):
        aarhus = _seen()
    return _seen(), aarhus


def _seen():
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
    seed()
    first = _snapshot()
    seed()
    assert _snapshot() == first


def test_demo_plan_has_aalborgs_timeline_budget_and_overdue_items(municipality):
    seed()
    aalborg = ActionPlan.objects.with_budget().get()
    assert aalborg.municipality == municipality  # the test's: Aalborg
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
    assert set(Place.objects.values_list("city", flat=True)) == {"Aalborg"}
    _every_status_is_its_last_update()


def test_aarhus_plan_has_the_klostertorvet_initiatives():
    seed()
    aarhus = municipalities()[1]
    with tenancy.municipality(aarhus.pk):
        plan = ActionPlan.objects.get()
        assert plan.title == "Handlingsplan for Klostertorvsområdet"
        assert plan.municipality == aarhus
        assert list(plan.groups.values_list("name", flat=True)) == ["Byen for alle netværket"]
        klostertorvet = Place.objects.get(name="Klostertorvet")
        kinds = set(Initiative.objects.for_place(klostertorvet).values_list("kind", flat=True))
        assert {"safe_place", "social_caretakers", "physical", "small_jobs"} <= kinds
        assert {"idea", "in_progress", "done"} <= set(
            Initiative.objects.filter(places=klostertorvet).values_list("status", flat=True)
        )
        small_jobs = Initiative.objects.get(kind="small_jobs")
        assert small_jobs.responsible_organisation.name == "Kirkens Korshær"
        assert small_jobs.responsible_person.name == "Mette Skov"
        assert ActionItem.objects.overdue().count() >= 2
        _every_status_is_its_last_update()


def _every_status_is_its_last_update():
    for initiative in Initiative.objects.all():
        assert initiative.updates.order_by("-date").first().new_status == initiative.status


def test_uses_places_the_places_app_already_seeded(other_municipality):
    with tenancy.municipality(other_municipality.pk):
        existing = PlaceFactory(name="Klostertorvet", city="Aarhus", kind="square")
    seed()
    with tenancy.municipality(other_municipality.pk):
        assert Place.objects.filter(name="Klostertorvet").get() == existing
        assert existing.initiatives.exists()
