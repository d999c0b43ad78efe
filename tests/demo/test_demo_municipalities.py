"""The demo's two municipalities (issue 13): Aalborg's records are Aalborg's, Aarhus' are
Aarhus', and nothing of one refers to anything of the other."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from actionplan.models import ActionItem, ActionPlan, Initiative, InvolvementActivity
from byrum import tenancy
from byrum.db_roles import as_owner
from governance.models import Group, Municipality, Organisation, Person
from incidents.models import CaretakerPlace, Incident, SmallJob
from meetings.models import Meeting, SafetyWalk
from places.models import Place
from tests.tenancy_checks import cross_municipality_references, rows_by_municipality

AALBORG_PLACES = {
    "Arkivpladsen",
    "J.F. Kennedys Plads",
    "Karolinelunden",
    "Kildeparken",
    "Frederikstorv",
    "Bredgade Torv",
    "Arkivhaven",
    "Godsbanearealet",
    "Hjerterummet",
    "Overdækket hellested ved Hjerterummet",
}


def seed():
    call_command("seed_demo", "--demo-users", stdout=StringIO())
    return {m.name: m for m in Municipality.objects.all()}


def names(model, field="name"):
    return set(model.objects.values_list(field, flat=True))


@pytest.mark.django_db
def test_each_municipality_sees_its_own_records_only():
    municipalities = seed()
    assert set(municipalities) == {"Aalborg", "Aarhus"}
    assert municipalities["Aalborg"].code == "851" and municipalities["Aarhus"].code == "751"

    with tenancy.municipality(municipalities["Aalborg"].pk):
        assert names(Place) == AALBORG_PLACES
        assert names(Place, "city") == {"Aalborg"}
        organisations = names(Organisation)
        assert {"Nordjyllands Politi", "Cityforeningen", "Kirkens Korshær"} <= organisations
        assert not {"Østjyllands Politi", "City Foreningen (Aarhus)"} & organisations
        assert "Byen for alle netværket" not in names(Group)
        assert names(ActionPlan, "title") == {
            "Handleplan for socialt udsatte i byens rum og pladser"
        }
        assert not Person.objects.filter(name__in=["Lars Vind", "Jonas Eriksen"]).exists()
        assert names(Meeting, "group__city") == {"Aalborg"}
        assert SafetyWalk.objects.get().place.name == "Arkivpladsen"
        # The caretaker's work in Aalborg: incidents on its squares and parks, by vicevaert.
        aalborg_incidents = Incident.objects.count()
        assert aalborg_incidents > 50
        assert names(Incident, "place__name") == {
            "Arkivpladsen",
            "J.F. Kennedys Plads",
            "Karolinelunden",
            "Kildeparken",
        }
        assert names(Incident, "reported_by__username") == {"vicevaert"}
        assert names(CaretakerPlace, "user__username") == {"vicevaert"}
        assert not SmallJob.objects.exists()  # the small jobs are Klostertorvet's
        aalborg_items = set(ActionItem.objects.values_list("pk", flat=True))

    with tenancy.municipality(municipalities["Aarhus"].pk):
        assert names(Place) == {"Klostertorvet"}
        organisations = names(Organisation)
        assert {"Østjyllands Politi", "City Foreningen (Aarhus)", "Kirkens Korshær"} <= (
            organisations
        )
        assert not {"Nordjyllands Politi", "Cityforeningen"} & organisations
        assert names(Group) == {"Byen for alle netværket"}
        assert names(ActionPlan, "title") == {"Handlingsplan for Klostertorvsområdet"}
        assert {"small_jobs", "social_caretakers", "safe_place", "physical"} <= names(
            Initiative, "kind"
        )
        assert names(Meeting, "group__name") == {"Byen for alle netværket"}
        assert not SafetyWalk.objects.exists()
        assert names(InvolvementActivity, "place__name") == {"Klostertorvet"}
        assert names(Incident, "place__name") == {"Klostertorvet"}
        assert names(Incident, "reported_by__username") == {"vicevaert.aarhus"}
        jobs = SmallJob.objects.all()
        assert jobs.count() > 20
        assert names(SmallJob, "reported_by__username") == {"vicevaert.aarhus"}
        assert names(SmallJob, "initiative__title") == {"Småjobs på Klostertorvet"}
        # Ids of one municipality's rows are not found in the other's.
        assert not ActionItem.objects.filter(pk__in=aalborg_items).exists()


@pytest.mark.django_db
def test_the_plans_figures_count_only_their_municipality():
    """What issue 13 saw: Aalborg's plan counted Klostertorvet's incidents and small jobs."""
    municipalities = seed()
    with tenancy.municipality(municipalities["Aalborg"].pk):
        plan = ActionPlan.objects.get()
        places = set(Place.objects.filter(initiatives__plan=plan).values_list("name", flat=True))
        assert "Klostertorvet" not in places
        assert not Incident.objects.filter(place__name="Klostertorvet").exists()
    with tenancy.municipality(municipalities["Aarhus"].pk):
        plan = ActionPlan.objects.get()
        assert set(Place.objects.filter(initiatives__plan=plan).values_list("name", flat=True)) == {
            "Klostertorvet"
        }
        assert not Incident.objects.exclude(place__name="Klostertorvet").exists()


@pytest.mark.django_db(transaction=True)
def test_no_record_refers_to_another_municipalitys_and_every_row_has_one():
    """Through the owner (no row-level security): every tenant table's rows belong to one
    of the two municipalities, and what they refer to belongs to the same one."""
    municipalities = seed()
    ids = {m.pk for m in municipalities.values()}
    with tenancy.municipality(municipalities["Aalborg"].pk):
        aalborg_places = Place.objects.count()
    with tenancy.municipality(municipalities["Aarhus"].pk):
        aarhus_incidents = Incident.objects.count()
    with as_owner(), connection.cursor() as cursor:
        assert cross_municipality_references(cursor) == []
        counts = rows_by_municipality(cursor)
    assert counts["places_place"] == {
        municipalities["Aalborg"].pk: aalborg_places,
        municipalities["Aarhus"].pk: 1,
    }
    assert counts["incidents_incident"][municipalities["Aarhus"].pk] == aarhus_incidents
    for table, by_municipality in counts.items():
        assert set(by_municipality) <= ids, table
    # Both municipalities have rows in the main tables of every seeder.
    for table in (
        "actionplan_organisation",
        "actionplan_person",
        "actionplan_group",
        "actionplan_membership",
        "places_place",
        "places_problem",
        "actionplan_actionplan",
        "actionplan_goal",
        "actionplan_initiative",
        "actionplan_actionitem",
        "meetings_meeting",
        "meetings_agendaitem",
        "meetings_decision",
        "actionplan_involvementactivity",
        "incidents_incident",
        "incidents_caretakerplace",
        "governance_account",
    ):
        assert set(counts[table]) == ids, table


@pytest.mark.django_db(transaction=True)
def test_the_check_finds_references_to_another_municipality():
    """The check above can fail: a facility of Klostertorvet moved to an Aalborg place, and
    an Aarhus initiative linked to an Aalborg place, are both found."""
    municipalities = seed()
    with tenancy.municipality(municipalities["Aalborg"].pk):
        arkivpladsen = Place.objects.get(name="Arkivpladsen").pk
    with tenancy.municipality(municipalities["Aarhus"].pk):
        initiative = Initiative.objects.order_by("pk").first().pk
    with as_owner(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE places_facility SET place_id = %s WHERE id = "
            "(SELECT min(id) FROM places_facility WHERE municipality_id = %s)",
            [arkivpladsen, municipalities["Aarhus"].pk],
        )
        cursor.execute(
            "INSERT INTO actionplan_initiative_places (initiative_id, place_id) VALUES (%s, %s)",
            [initiative, arkivpladsen],
        )
        found = dict(cross_municipality_references(cursor))
    assert [rows for what, rows in found.items() if what.startswith("places_facility_")] == [1]
    assert found["actionplan_initiative_places: initiative_id / place_id"] == 1
    assert len(found) == 2, found
