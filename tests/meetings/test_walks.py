"""Safety walks: findings recorded on the phone, completion and the follow-up meeting six
months later, where the outcome of each finding is recorded."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from actionplan.models import ActionItem
from byrum.dates import months_after
from meetings.models import Finding, Meeting, SafetyWalk
from meetings.selectors import place_meetings_context
from meetings.services import minutes_save
from tests.budgets import REQUEST_OVERHEAD

from .factories import (
    FindingFactory,
    MeetingFactory,
    PlaceFactory,
    SafetyWalkFactory,
    WalkParticipantFactory,
)

pytestmark = pytest.mark.django_db


def _photo():
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x8825] = {2: (57.0, 2.0, 51.0), 1: "N"}  # a GPS position, as a phone writes it
    Image.new("RGB", (8, 8), "orange").save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile("lampe.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def walk(people):
    return SafetyWalkFactory(
        group=people.local_group,
        title="Tryghedsvandring Arkivpladsen",
        date=datetime.date(2030, 3, 31),
        place=PlaceFactory(
            name="Arkivpladsen", latitude=Decimal("57.0476"), longitude=Decimal("9.9206")
        ),
    )


def test_a_caretaker_records_a_finding_with_photo_and_spot(clients, people, walk):
    response = clients.caretaker.post(
        reverse("meetings:finding_create", args=[walk.pk]),
        {
            "condition": "broken_lamp",
            "description": "Lampen ved trappen er gået",
            "latitude": "57.047712",
            "longitude": "9.920811",
            "photo": _photo(),
            "responsible_organisation": people.persons["local"].organisation_id,
            "due": "2031-01-01",
        },
    )
    assert response.status_code == 302
    finding = Finding.objects.get()
    assert finding.latitude == Decimal("57.047712")
    assert finding.photo.name.startswith("findings/")
    # The photo is kept without its EXIF (the phone's GPS position), and is shown only
    # through a view that checks the right to see the walk.
    with Image.open(finding.photo.open()) as stored:
        assert not stored.getexif()
    photo_url = reverse("meetings:finding_photo", args=[finding.pk])
    assert photo_url in clients.local.get(walk.get_absolute_url()).content.decode()
    response = clients.local.get(photo_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert clients.outsider.get(photo_url).status_code == 404
    action = finding.action_item
    assert action.source == ActionItem.Source.SAFETY_WALK_FINDING
    assert action.group == people.local_group
    assert action.title == "Defekt lampe: Arkivpladsen"
    # so it shows in the action item lists of the group's members
    assert ActionItem.objects.visible_to(people.users["local"]).filter(pk=action.pk).exists()
    # and its page links back to the walk
    page = clients.local.get(action.get_absolute_url()).content.decode()
    assert walk.get_absolute_url() in page and "Defekt lampe" in page


def test_a_finding_without_a_spot_is_refused_in_danish(clients, people, walk):
    response = clients.caretaker.post(
        reverse("meetings:finding_create", args=[walk.pk]),
        {
            "condition": "dark_path",
            "description": "Mørkt bag biblioteket",
            "responsible_person": people.persons["local"].pk,
        },
    )
    assert response.status_code == 200
    assert "Angiv det præcise sted: brug din position" in response.text
    assert "Mørkt bag biblioteket" in response.text
    assert not Finding.objects.exists() and not ActionItem.objects.exists()


def test_a_finding_without_a_responsible_party_is_refused_in_danish(clients, walk):
    response = clients.caretaker.post(
        reverse("meetings:finding_create", args=[walk.pk]),
        {
            "condition": "waste",
            "latitude": "57.0477",
            "longitude": "9.9208",
        },
    )
    assert response.status_code == 200
    assert "Angiv en ansvarlig person eller organisation (eller begge)." in response.text
    assert not Finding.objects.exists()


def test_local_members_may_not_record_findings(clients, walk):
    assert clients.local.get(reverse("meetings:finding_create", args=[walk.pk])).status_code == 403


def test_completing_the_walk_schedules_the_follow_up_six_months_later(clients, people, walk):
    lamp = FindingFactory(walk=walk, action_item__title="Defekt lampe ved trappen")
    corner = FindingFactory(
        walk=walk, condition="hidden_corner", action_item__title="Skjult hjørne ved containerne"
    )
    WalkParticipantFactory(walk=walk, person=people.persons["local"], role="resident")
    WalkParticipantFactory(
        walk=walk,
        person=None,
        name="Betjent Hansen",
        organisation="Nordjyllands Politi",
        role="police",
    )
    response = clients.consultant.post(reverse("meetings:walk_complete", args=[walk.pk]))
    assert response.status_code == 302
    walk.refresh_from_db()
    meeting = walk.follow_up_meeting
    assert walk.state == SafetyWalk.State.COMPLETED
    assert meeting.group == people.local_group
    assert meeting.kind == Meeting.Kind.WALK_FOLLOW_UP
    # 31 March + 6 months: 30 September (the month has no 31st)
    assert meeting.start.astimezone().date() == datetime.date(2030, 9, 30)
    agenda = list(meeting.agenda_items.order_by("position"))
    assert [i.finding for i in agenda if i.finding] == [lamp, corner]
    assert {p.display_name for p in meeting.participants.all()} == {
        "Local Person",
        "Betjent Hansen",
    }
    # each finding's current status shows on the follow-up's agenda
    page = clients.local.get(meeting.get_absolute_url())
    assert "Fundets status nu:" in page.text and "Skjult hjørne ved containerne" in page.text
    # completing twice is refused
    clients.consultant.post(reverse("meetings:walk_complete", args=[walk.pk]))
    assert Meeting.objects.filter(kind="walk_follow_up").count() == 1


def test_the_follow_up_minutes_record_each_findings_outcome(clients, people, walk):
    finding = FindingFactory(walk=walk)
    clients.consultant.post(reverse("meetings:walk_complete", args=[walk.pk]))
    walk.refresh_from_db()
    item = walk.follow_up_meeting.agenda_items.get(finding=finding)
    response = clients.consultant.post(
        reverse("meetings:minutes_autosave", args=[item.pk]),
        {"notes": "Lampen er skiftet i maj.", "outcome": "resolved", "version": ""},
    )
    assert response.status_code == 200
    finding.action_item.refresh_from_db()
    assert finding.action_item.status == ActionItem.Status.DONE
    minutes_save(
        item=item,
        notes="Lampen er gået igen.",
        outcome="not_resolved",
        user=people.users["consultant"],
    )
    finding.action_item.refresh_from_db()
    assert finding.action_item.status == ActionItem.Status.OPEN
    assert finding.action_item.done_on is None


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert months_after(datetime.date(2030, 1, 15), 6) == datetime.date(2030, 7, 15)
    assert months_after(datetime.date(2030, 8, 31), 6) == datetime.date(2031, 2, 28)
    assert months_after(datetime.date(2031, 8, 31), 6) == datetime.date(2032, 2, 29)


def test_a_walk_needs_a_place_or_an_area(clients, people):
    response = clients.consultant.post(
        reverse("meetings:walk_create"),
        {
            "group": people.local_group.pk,
            "title": "Vandring uden sted",
            "date": "2030-04-01",
        },
    )
    assert response.status_code == 200
    assert "Vælg stedet eller beskriv området." in response.text


def test_a_consultant_creates_a_walk_with_members(clients, people):
    response = clients.consultant.post(
        reverse("meetings:walk_create"),
        {
            "group": people.local_group.pk,
            "title": "Vandring i Vestbyen",
            "date": "2030-04-01",
            "area": "Vestbyen mellem Vesterbro og havnen",
            "members": [people.persons["local"].pk, people.persons["caretaker"].pk],
        },
    )
    walk = SafetyWalk.objects.get(title="Vandring i Vestbyen")
    assert response["Location"] == walk.get_absolute_url()
    assert walk.participants.count() == 2
    guest = clients.consultant.post(
        reverse("meetings:walk_add_guest", args=[walk.pk]),
        {
            "name": "Boligselskabets driftschef",
            "organisation": "Himmerland",
            "role": "housing",
        },
    )
    assert guest.status_code == 302
    assert walk.participants.count() == 3


def test_the_place_page_context_lists_its_meetings_and_walks(people, walk):
    MeetingFactory(group=people.local_group, place=walk.place, title="Dialogmøde på pladsen")
    MeetingFactory(group=people.steering_group, place=walk.place, title="Styregruppen på stedet")
    context = place_meetings_context(walk.place, people.users["local"])
    assert [m.title for m in context["place_meetings"]] == ["Dialogmøde på pladsen"]
    assert context["place_walks"] == [walk]
    assert place_meetings_context(walk.place, people.users["outsider"]) is None


def test_the_place_include_renders(rf, people, walk):
    from django.template.loader import render_to_string

    FindingFactory(walk=walk)
    context = place_meetings_context(walk.place, people.users["consultant"])
    html = render_to_string("meetings/includes/place_meetings.html", {"section": context})
    assert "Tryghedsvandring Arkivpladsen" in html and "1 fund" in html


def test_the_place_page_shows_its_meetings_and_walks(clients, people, walk):
    body = clients.local.get(walk.place.get_absolute_url()).content.decode()
    assert "Møder og tryghedsvandringer" in body
    assert "Tryghedsvandring Arkivpladsen" in body


@pytest.mark.parametrize("rows", [1, 10])
def test_the_walk_page_runs_a_fixed_number_of_queries(
    clients, people, walk, rows, django_assert_max_num_queries
):
    FindingFactory.create_batch(rows, walk=walk)
    WalkParticipantFactory.create_batch(rows, walk=walk)
    # session, user, permissions (2), roles, person, the walk, secretary checks (2), the
    # findings with their action items and responsible, participants, and savepoints.
    with django_assert_max_num_queries(REQUEST_OVERHEAD + 6):
        response = clients.local.get(walk.get_absolute_url())
    assert len(response.context["findings"]) == rows
    assert 'id="walk-findings"' in response.text  # the map's data hook


@pytest.mark.parametrize("rows", [1, 10])
def test_the_walk_list_runs_a_fixed_number_of_queries(
    clients, people, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        FindingFactory(walk=SafetyWalkFactory(group=people.local_group))
    with django_assert_max_num_queries(REQUEST_OVERHEAD + 6):
        response = clients.local.get(reverse("meetings:walk_list"))
    assert len(response.context["page_obj"].object_list) == rows
