"""The incident summaries (IncidentWeek, IncidentPlaceWeek) that PostgreSQL triggers keep: exact
after every kind of change, equal to a rebuild, and only for those who see every incident.

``expected()`` counts the incidents in Python (Monday of the week in Copenhagen time), so the
triggers and the rebuild are checked against an independent computation."""

import collections
import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, transaction

from byrum.db_roles import as_owner
from incidents import summary
from incidents.models import Incident, IncidentPlaceWeek, IncidentWeek
from incidents.services import apply_retention
from tests.incidents.factories import IncidentFactory, PlaceFactory

CPH = ZoneInfo("Europe/Copenhagen")


def cph(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=CPH)


def expected():
    weeks = collections.Counter()
    places = collections.Counter()
    for incident in Incident.objects.all():
        day = incident.occurred_at.astimezone(CPH).date()
        monday = day - datetime.timedelta(days=day.weekday())
        key = (monday, incident.place_id, incident.category)
        weeks[*key, "count"] += 1
        weeks[*key, "police"] += incident.police_called
        weeks[*key, "ambulance"] += incident.ambulance_called
        places[monday, incident.place_id] += 1
    by_week = {}
    for (monday, place, category, what), n in weeks.items():
        by_week.setdefault((monday, place, category), {})[what] = n
    return (
        {key: (v["count"], v["police"], v["ambulance"]) for key, v in by_week.items()},
        dict(places),
    )


def stored():
    return (
        {
            (r.week, r.place_id, r.category): (r.count, r.police, r.ambulance)
            for r in IncidentWeek.objects.all()
        },
        {(r.week, r.place_id): r.count for r in IncidentPlaceWeek.objects.all()},
    )


@pytest.fixture
def two_places(db):
    return PlaceFactory(name="Klostertorvet"), PlaceFactory(name="Kildeparken")


@pytest.fixture
def incidents(two_places):
    a, b = two_places
    return [
        # Sunday 23:30 in Copenhagen is week 10; Monday 00:30 (still Sunday in UTC) week 11.
        IncidentFactory(place=a, occurred_at=cph(2026, 3, 8, 23, 30), police_called=True),
        IncidentFactory(place=a, occurred_at=cph(2026, 3, 9, 0, 30), ambulance_called=True),
        IncidentFactory(
            place=b, occurred_at=cph(2026, 3, 4, 12), category=Incident.Category.GOOD_CONTACT
        ),
    ]


def test_an_insert_counts_in_its_copenhagen_week(incidents, two_places):
    a, b = two_places
    weeks, places = stored()
    assert weeks[datetime.date(2026, 3, 2), a.pk, "internal_conflict"] == (1, 1, 0)
    assert weeks[datetime.date(2026, 3, 9), a.pk, "internal_conflict"] == (1, 0, 1)
    assert weeks[datetime.date(2026, 3, 2), b.pk, "good_contact"] == (1, 0, 0)
    assert places[datetime.date(2026, 3, 2), a.pk] == 1
    assert places[datetime.date(2026, 3, 9), a.pk] == 1
    assert stored() == expected()


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
def test_an_update_moves_the_incident(incidents, change):
    incident = incidents[0]
    for field, value in change.items():
        setattr(incident, field, value)
    incident.save()
    assert stored() == expected()


def test_moving_to_another_place(incidents, two_places):
    a, b = two_places
    incident = incidents[0]
    incident.place = b
    incident.save()
    assert stored() == expected()
    assert (datetime.date(2026, 3, 2), b.pk) in stored()[1]
    # The category row of the place it left is gone; the new place has one.
    assert (datetime.date(2026, 3, 2), a.pk, "internal_conflict") not in stored()[0]
    assert (datetime.date(2026, 3, 2), b.pk, "internal_conflict") in stored()[0]


def test_a_delete_removes_rows_that_reach_zero(incidents):
    incidents[2].delete()
    weeks, _places = stored()
    assert (datetime.date(2026, 3, 2), incidents[2].place_id, "good_contact") not in weeks
    assert stored() == expected()
    for incident in incidents[:2]:
        incident.delete()
    assert stored() == ({}, {})


def test_queryset_update_and_raw_sql(incidents, two_places):
    _a, b = two_places
    Incident.objects.filter(place=incidents[0].place).update(place=b, police_called=True)
    assert stored() == expected()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE incidents_incident SET occurred_at = occurred_at - interval '30 days', "
            "category = 'noise' WHERE id = %s",
            [incidents[2].pk],
        )
        cursor.execute("DELETE FROM incidents_incident WHERE id = %s", [incidents[1].pk])
    assert stored() == expected()


def _row_versions():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ctid::text FROM incidents_incidentweek UNION ALL "
            "SELECT ctid::text FROM incidents_incidentplaceweek ORDER BY 1"
        )
        return [row[0] for row in cursor.fetchall()]


def test_changes_to_what_is_not_counted_leave_the_summaries_alone(incidents):
    """The follow-up, the description and the retention rule's erasing are not counted: the
    trigger does not fire, so no summary row is rewritten (a rewrite moves its ctid)."""
    versions = _row_versions()
    incident = incidents[0]
    incident.description = "Rettet."
    incident.save()  # a full save sets every column, also the counted ones, unchanged
    incident.set_follow_up(status=Incident.Status.HANDLED, note="Talt med dem.")
    assert _row_versions() == versions
    incident.police_called = False
    incident.save()
    assert _row_versions() != versions


def test_the_retention_rule_keeps_the_counts(incidents, settings, retention_in_database):
    settings.INCIDENT_RETENTION_MONTHS = 1
    retention_in_database()  # the database lets history be erased after one month too
    before = stored()
    result = apply_retention(months=1, now=cph(2026, 6, 1, 12))
    assert result.incidents == 3
    assert stored() == before == expected()


def test_rebuild_equals_what_the_triggers_keep(incidents, two_places):
    a, b = two_places
    IncidentFactory(place=b, occurred_at=cph(2025, 12, 31, 23, 59), ambulance_called=True)
    Incident.objects.filter(pk=incidents[1].pk).update(category="violence")
    incidents[2].delete()
    kept = stored()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM incidents_incidentweek")
        cursor.execute("DELETE FROM incidents_incidentplaceweek")
        summary.rebuild(cursor)
    assert stored() == kept == expected()


@pytest.mark.django_db(transaction=True)
def test_rebuild_after_a_load_without_triggers(two_places):
    """The benchmark generator loads with session_replication_role = replica (no triggers),
    as the owner role (the application's role may not), then rebuilds."""
    a, _b = two_places
    with as_owner(), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        IncidentFactory(place=a, occurred_at=cph(2026, 3, 4, 12))
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        assert stored() == ({}, {})
        summary.rebuild(cursor)
    assert stored() == expected() != ({}, {})


def test_only_those_who_see_every_incident_read_the_summaries(incidents, people):
    for persona in ["steering", "consultant"]:
        assert IncidentWeek.objects.visible_to(people.users[persona]).count() == 2 + 1
        assert IncidentPlaceWeek.objects.visible_to(people.users[persona]).count() == 3
    for persona in ["caretaker", "local", "outsider"]:
        assert not IncidentWeek.objects.visible_to(people.users[persona]).exists()
        assert not IncidentPlaceWeek.objects.visible_to(people.users[persona]).exists()
