"""The demo data: a year of meetings and the safety walk, and seeding twice changes nothing."""

import pytest

from actionplan.models import ActionItem
from demo.seed import seed_all
from meetings.models import Decision, Finding, Meeting, SafetyWalk

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Meeting.objects.count(),
        Decision.objects.count(),
        Finding.objects.count(),
        ActionItem.objects.count(),
    )


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
