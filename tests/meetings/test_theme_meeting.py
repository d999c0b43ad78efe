"""A theme meeting planned from a safety walk's findings, with those findings on its agenda;
and the coordinators (tovholdere) and secretariat shown on the group and the place."""

import pytest
from django.urls import reverse

from meetings.models import Meeting
from tests.actionplan.factories import MembershipFactory, OrganisationFactory, PersonFactory
from tests.meetings.factories import FindingFactory, SafetyWalkFactory
from tests.places.factories import PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def walk(people):
    return SafetyWalkFactory(group=people.local_group, title="Vandring i boligområdet")


def test_the_chosen_findings_go_on_the_theme_meetings_agenda(clients, walk):
    lamp = FindingFactory(walk=walk, action_item__title="Lampe ved opgang B er gået")
    FindingFactory(walk=walk, action_item__title="Buske skjuler stien")
    response = clients.consultant.post(
        reverse("meetings:theme_meeting_create", args=[walk.pk]),
        {
            "title": "Temamøde om lys",
            "start": "2030-03-12T15:00",
            "duration": "90",
            "location": "Beboerhuset",
            "findings": [lamp.pk],
        },
    )
    meeting = Meeting.objects.get(kind="theme")
    assert response["Location"] == meeting.get_absolute_url()
    assert [i.finding_id for i in meeting.agenda_items.all() if i.finding_id] == [lamp.pk]
    assert (
        "Lampe ved opgang B er gået"
        in clients.local.get(meeting.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"findings": []}, "findings", "Vælg mindst ét fund til dagsordenen."),
        ({"start": "i morgen"}, "start", "Skriv dato og klokkeslæt, fx 2026-03-12 15:00."),
        (
            {"start": "2001-01-01T10:00"},
            "start",
            "Et temamøde efter vandringen kan ikke begynde før den.",
        ),
        ({"duration": "5"}, "duration", "Denne værdi skal være større end eller lig 15."),
    ],
)
def test_bad_theme_meeting_input_is_refused_in_danish(clients, walk, data, field, message):
    finding = FindingFactory(walk=walk)
    base = {
        "title": "Temamøde",
        "start": "2030-03-12T15:00",
        "duration": "90",
        "findings": [finding.pk],
    }
    response = clients.consultant.post(
        reverse("meetings:theme_meeting_create", args=[walk.pk]), {**base, **data}
    )
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert not Meeting.objects.filter(kind="theme").exists()


def test_coordinators_and_secretariat_show_on_the_group_and_the_place(clients, people):
    group = people.local_group
    group.secretariat = OrganisationFactory(name="Familie- og Beskæftigelsesforvaltningen")
    group.save()
    police = OrganisationFactory(name="Nordjyllands Politi", kind="police")
    MembershipFactory(
        group=group,
        person=PersonFactory(name="Knud Vestergaard", organisation=police),
        role="coordinator",
    )
    place = PlaceFactory(local_group=group)
    html = clients.local.get(group.get_absolute_url()).content.decode()
    assert "Tovholder" in html and "Knud Vestergaard" in html
    assert "Familie- og Beskæftigelsesforvaltningen" in html
    html = clients.local.get(place.get_absolute_url()).content.decode()
    assert "Tovholdere:" in html and "Nordjyllands Politi" in html
