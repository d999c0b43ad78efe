"""The demo data: a year of meetings and the safety walk in Aalborg, the network's meetings in
Aarhus, and seeding twice changes nothing."""

import pytest

from actionplan.models import ActionItem
from byrum import tenancy
from demo.seed import municipalities, seed_all
from meetings.models import Decision, Finding, Meeting, SafetyWalk

pytestmark = pytest.mark.django_db


def _counts():
    counts = []
    for municipality in municipalities():
        with tenancy.municipality(municipality.pk):
            counts.append(
                (
                    Meeting.objects.count(),
                    Decision.objects.count(),
                    Finding.objects.count(),
                    ActionItem.objects.count(),
                )
            )
    return counts


def test_seeding_twice_changes_nothing():
    seed_all(lambda message: None)
    first = _counts()
    seed_all(lambda message: None)
    assert _counts() == first
    walk = SafetyWalk.objects.get(title="Tryghedsvandring omkring Arkivpladsen")
    assert walk.is_completed and walk.findings.count() == 5
    follow_up = walk.follow_up_meeting
    assert follow_up.agenda_items.filter(finding__isnull=False).count() == 5
    assert Meeting.objects.filter(state="minutes_approved").count() >= 6
    assert ActionItem.objects.filter(source="meeting_decision", decisions__isnull=False).exists()
    assert (walk.place.name, walk.place.city) == ("Arkivpladsen", "Aalborg")


def test_aarhus_network_has_meetings_with_minutes_and_one_ahead():
    seed_all(lambda message: None)
    with tenancy.municipality(municipalities()[1].pk):
        meetings = Meeting.objects.order_by("start")
        assert set(meetings.values_list("group__name", flat=True)) == {"Byen for alle netværket"}
        assert list(meetings.values_list("state", flat=True)) == [
            "minutes_approved",
            "minutes_draft",
            "planned",
        ]
        assert meetings.first().participants.filter(attendance="present").exists()
        assert ActionItem.objects.filter(decisions__agenda_item__meeting__in=meetings).count() == 2
        assert not SafetyWalk.objects.exists()
