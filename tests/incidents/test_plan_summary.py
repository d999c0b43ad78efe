"""The per-plan incident summary (PlanIncidentWeek) that PostgreSQL triggers keep from the
places' summary and the plans' places: after every kind of change it equals a recount of the
incidents at each plan's places, and it touches only the transaction's municipality.

``expected()`` counts the incidents in Python (Monday of the week in Copenhagen time) per
plan, from the plans' places, so the triggers are checked against an independent
computation."""

import collections
import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction

from actionplan.models import ActionPlan
from byrum import tenancy
from byrum.db_roles import as_owner
from incidents import summary
from incidents.models import Incident, PlanIncidentWeek
from tests.actionplan.factories import ActionPlanFactory
from tests.incidents.factories import IncidentFactory, PlaceFactory

CPH = ZoneInfo("Europe/Copenhagen")


def cph(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=CPH)


def expected():
    """{(plan, week, category): (count, police, ambulance)} of the plans the transaction
    sees, recounted from the incidents at their places."""
    rows = collections.defaultdict(lambda: [0, 0, 0])
    for plan in ActionPlan.objects.prefetch_related("places"):
        for incident in Incident.objects.filter(place__in=plan.places.all()):
            day = incident.occurred_at.astimezone(CPH).date()
            row = rows[plan.pk, day - datetime.timedelta(days=day.weekday()), incident.category]
            row[0] += 1
            row[1] += incident.police_called
            row[2] += incident.ambulance_called
    return {key: tuple(value) for key, value in rows.items()}


def stored():
    return {
        (r.plan_id, r.week, r.category): (r.count, r.police, r.ambulance)
        for r in PlanIncidentWeek.objects.all()
    }


@pytest.fixture
def world(db):
    """Two plans: the centre (Klostertorvet, Kildeparken) and the square (Klostertorvet
    only: a place in two plans); Arkivpladsen in neither."""
    klostertorvet = PlaceFactory(name="Klostertorvet")
    kildeparken = PlaceFactory(name="Kildeparken")
    arkivpladsen = PlaceFactory(name="Arkivpladsen")
    centre = ActionPlanFactory(title="Midtbyen")
    centre.places.set([klostertorvet, kildeparken])
    square = ActionPlanFactory(title="Klostertorvet")
    square.places.set([klostertorvet])
    incidents = [
        # Sunday 23:30 in Copenhagen is week 10; Monday 00:30 (still Sunday in UTC) week 11.
        IncidentFactory(
            place=klostertorvet, occurred_at=cph(2026, 3, 8, 23, 30), police_called=True
        ),
        IncidentFactory(
            place=klostertorvet, occurred_at=cph(2026, 3, 9, 0, 30), ambulance_called=True
        ),
        IncidentFactory(
            place=kildeparken,
            occurred_at=cph(2026, 3, 4, 12),
            category=Incident.Category.GOOD_CONTACT,
        ),
        IncidentFactory(place=arkivpladsen, occurred_at=cph(2026, 3, 4, 13)),
    ]

    class World:
        pass

    w = World()
    w.klostertorvet, w.kildeparken, w.arkivpladsen = klostertorvet, kildeparken, arkivpladsen
    w.centre, w.square, w.incidents = centre, square, incidents
    return w


def test_an_insert_counts_for_every_plan_of_its_place(world):
    week_10, week_11 = datetime.date(2026, 3, 2), datetime.date(2026, 3, 9)
    rows = stored()
    assert rows[world.centre.pk, week_10, "internal_conflict"] == (1, 1, 0)
    assert rows[world.centre.pk, week_11, "internal_conflict"] == (1, 0, 1)
    assert rows[world.centre.pk, week_10, "good_contact"] == (1, 0, 0)
    # The place in two plans counts in both; Arkivpladsen's incident in none.
    assert rows[world.square.pk, week_10, "internal_conflict"] == (1, 1, 0)
    assert (world.square.pk, week_10, "good_contact") not in rows
    assert len(rows) == 3 + 2
    assert rows == expected()


@pytest.mark.parametrize(
    "change",
    [
        {"occurred_at": cph(2026, 1, 5, 9)},  # another week
        {"occurred_at": cph(2026, 3, 8, 23, 45)},  # the same week
        {"category": Incident.Category.VIOLENCE},
        {"police_called": False},
        {"ambulance_called": True},
        {"police_called": False, "ambulance_called": True, "category": "threats"},
    ],
    ids=["week", "same-week", "category", "police", "ambulance", "several"],
)
def test_an_update_moves_the_incident_in_every_plan(world, change):
    incident = world.incidents[0]
    for field, value in change.items():
        setattr(incident, field, value)
    incident.save()
    assert stored() == expected()


@pytest.mark.parametrize(
    "to", ["kildeparken", "arkivpladsen"], ids=["to-a-place-of-one-plan", "out-of-every-plan"]
)
def test_moving_an_incident_to_another_place(world, to):
    incident = world.incidents[0]
    incident.place = getattr(world, to)
    incident.save()
    assert stored() == expected()
    # And back into both plans from a place of none.
    world.incidents[3].place = world.klostertorvet
    world.incidents[3].save()
    assert stored() == expected()


def test_a_delete_removes_rows_that_reach_zero(world):
    world.incidents[2].delete()
    assert (world.centre.pk, datetime.date(2026, 3, 2), "good_contact") not in stored()
    assert stored() == expected()
    for incident in world.incidents[:2]:
        incident.delete()
    assert stored() == {}


def test_a_bulk_update_and_raw_sql(world):
    Incident.objects.filter(place=world.klostertorvet).update(
        place=world.kildeparken, police_called=True
    )
    assert stored() == expected()
    Incident.objects.update(category="noise")
    assert stored() == expected()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE incidents_incident SET occurred_at = occurred_at - interval '30 days', "
            "place_id = %s WHERE id = %s",
            [world.klostertorvet.pk, world.incidents[2].pk],
        )
        cursor.execute("DELETE FROM incidents_incident WHERE id = %s", [world.incidents[1].pk])
        cursor.execute(
            "INSERT INTO incidents_incident (client_uuid, fingerprint, occurred_at, category,"
            " severity, people_involved, police_called, ambulance_called, description,"
            " follow_up_needed, status, follow_up_note, photo, created_at, place_id)"
            " SELECT gen_random_uuid(), '', occurred_at, 'violence', severity, people_involved,"
            " true, true, '', false, status, '', '', created_at, place_id"
            " FROM incidents_incident WHERE id = %s",
            [world.incidents[0].pk],
        )
    assert stored() == expected()


def test_adding_and_removing_places_of_a_plan(world):
    world.square.places.add(world.kildeparken, world.arkivpladsen)
    assert stored() == expected()
    assert (world.square.pk, datetime.date(2026, 3, 2), "good_contact") in stored()
    world.square.places.remove(world.klostertorvet)
    assert stored() == expected()
    world.centre.places.set([world.arkivpladsen])
    assert stored() == expected()
    world.square.places.clear()
    assert stored() == expected()
    assert {plan for plan, _week, _category in stored()} == {world.centre.pk}
    # Incidents after the place left count for the plans it is still in only.
    IncidentFactory(place=world.klostertorvet, occurred_at=cph(2026, 3, 5, 9))
    assert stored() == expected()


def test_several_places_in_one_statement_and_raw_sql_on_the_link(world):
    """The link's triggers run once per statement with all its rows: Django adds and
    removes a plan's places in one statement each."""
    world.square.places.set([world.kildeparken, world.arkivpladsen])  # one DELETE, one INSERT
    assert stored() == expected()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE actionplan_actionplan_places SET place_id = %s"
            " WHERE actionplan_id = %s AND place_id = %s",
            [world.klostertorvet.pk, world.square.pk, world.arkivpladsen.pk],
        )
        assert stored() == expected()
        cursor.execute(
            "DELETE FROM actionplan_actionplan_places WHERE actionplan_id IN (%s, %s)",
            [world.centre.pk, world.square.pk],
        )
    assert stored() == expected() == {}


def test_a_new_plan_counts_what_already_happened_at_its_places(world):
    plan = ActionPlanFactory(title="Hele byen")
    assert not PlanIncidentWeek.objects.filter(plan=plan).exists()
    plan.places.set([world.klostertorvet, world.kildeparken, world.arkivpladsen])
    assert sum(r.count for r in PlanIncidentWeek.objects.filter(plan=plan)) == 4
    assert stored() == expected()


def test_a_deleted_plans_rows_go(world):
    world.centre.delete()
    assert stored() == expected()
    assert {plan for plan, _week, _category in stored()} == {world.square.pk}


def test_another_municipalitys_plan_is_untouched(world, other_municipality):
    with tenancy.municipality(other_municipality.pk):
        place = PlaceFactory(name="Aarhus-Klostertorvet")
        plan = ActionPlanFactory(title="Aarhus-Midtbyen")
        plan.places.set([place])
        IncidentFactory(place=place, occurred_at=cph(2026, 3, 4, 12), police_called=True)
        theirs = stored()
        assert (
            theirs
            == expected()
            == {(plan.pk, datetime.date(2026, 3, 2), "internal_conflict"): (1, 1, 0)}
        )
    # Aalborg sees none of Aarhus' rows, and its changes leave them alone.
    assert all(plan_id != plan.pk for plan_id, _week, _category in stored())
    Incident.objects.update(occurred_at=cph(2026, 3, 4, 12))
    world.centre.places.clear()
    world.incidents[0].delete()
    assert stored() == expected()
    with tenancy.municipality(other_municipality.pk):
        assert stored() == theirs


def test_rebuild_equals_what_the_triggers_keep(world):
    Incident.objects.filter(pk=world.incidents[1].pk).update(category="violence")
    world.square.places.add(world.kildeparken)
    kept = stored()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM incidents_planincidentweek")
        summary.rebuild(cursor)
    assert stored() == kept == expected()


@pytest.mark.django_db(transaction=True)
def test_rebuild_after_a_load_without_triggers():
    """The benchmark generator loads plans, their places and incidents with
    session_replication_role = replica (no triggers), as the owner role, then rebuilds."""
    place = PlaceFactory(name="Klostertorvet")
    with as_owner(), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        plan = ActionPlanFactory(title="Midtbyen")
        plan.places.set([place])
        IncidentFactory(place=place, occurred_at=cph(2026, 3, 4, 12))
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        assert stored() == {}
        summary.rebuild(cursor)
    assert stored() == expected() != {}


def test_only_those_who_see_every_incident_read_it(world, people):
    for persona in ["steering", "consultant"]:
        assert PlanIncidentWeek.objects.visible_to(people.users[persona]).count() == 5
    for persona in ["caretaker", "local", "outsider"]:
        assert not PlanIncidentWeek.objects.visible_to(people.users[persona]).exists()
