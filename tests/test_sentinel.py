"""A name planted in an incident never reaches a local-group member or an outsider: not in any
page (every URL of the permission matrix), export, PDF, attachment or e-mail they can get.

It is planted in draft minutes too (which the local member's group has, but may not read
yet) and in a file on the steering group's meeting (which the local member does not see)."""

import io
from types import SimpleNamespace

import pytest
from django.core import mail
from django.db.models import Q
from django.urls import reverse

from notifications.models import Notification
from tests.byrum.matrix import _attachment
from tests.conftest import client_for
from tests.incidents.factories import IncidentFactory
from tests.test_permission_matrix import MODULES, ROWS

SENTINEL = "Sentinel-Svendsen-0101"


@pytest.fixture
def world(people):
    world = SimpleNamespace(people=people)
    for module in MODULES:
        module.build(world)
    place = getattr(world, "place", None)
    # An incident at the world's place, which the local group's members can open.
    world.sentinel_incident = IncidentFactory(
        place=place or IncidentFactory().place,
        description=f"{SENTINEL} sov på bænken",
        follow_up_note=f"Talte med {SENTINEL}",
    )
    world.meeting.agenda_items.update(notes=f"{SENTINEL} blev drøftet")
    world.sentinel_file = _attachment(
        world.steering_meeting,
        name=f"{SENTINEL}.pdf",
        content=f"%PDF-1.4 {SENTINEL}".encode(),
    )
    return world


def readable(response):
    """The response's bytes, and a PDF's text (its content streams are compressed)."""
    body = b"".join(response) if response.streaming else response.content
    if response.get("Content-Type") == "application/pdf" and body.startswith(b"%PDF-1.7"):
        from pypdf import PdfReader

        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
        body += text.encode()
    return body


@pytest.mark.parametrize("persona", ["local", "outsider"])
def test_the_sentinel_never_reaches_them(world, people, persona):
    client = client_for(people, persona)
    reached = []
    for row in ROWS:
        url = row.url(world)
        if row.method == "post":
            response = client.post(url, row.data(world) if row.data else {})
        else:
            response = client.get(url)
        if SENTINEL.encode() in readable(response):
            reached.append(f"{row.method.upper()} {url}")
    for url in (
        reverse("attachment_download", args=[world.sentinel_file.pk]),
        reverse("meetings:minutes_pdf", args=[world.meeting.pk]),
        reverse("meetings:agenda_pdf", args=[world.meeting.pk]),
        reverse("meetings:detail", args=[world.meeting.pk]),
    ):
        if SENTINEL.encode() in readable(client.get(url)):
            reached.append(url)
    for name in ("incidents:export_csv", "incidents:export_xlsx", "incidents:list"):
        response = client.get(reverse(name), {"q": SENTINEL})
        if SENTINEL.encode() in response.content:
            reached.append(name)
    assert not reached, f"{SENTINEL} reached the {persona} through: {reached}"
    assert not any(
        SENTINEL in message.body or SENTINEL in str(message.alternatives) for message in mail.outbox
    )
    # Nothing told to anyone carries it either (notifications are what mails are made of).
    assert not Notification.objects.filter(
        Q(subject__contains=SENTINEL) | Q(body__contains=SENTINEL) | Q(html__contains=SENTINEL)
    ).exists()


def test_the_sentinel_is_there_for_a_consultant(world, people):
    """The check above would pass vacuously if the incident were not where we look."""
    client = client_for(people, "consultant")
    incident = world.sentinel_incident
    assert SENTINEL in client.get(incident.get_absolute_url()).content.decode()
    export = client.get(reverse("incidents:export_csv"))
    content = b"".join(export) if export.streaming else export.content
    assert SENTINEL in content.decode("utf-8-sig")
    # ...and in the draft minutes' PDF and the steering group's file, where we look for it.
    pdf = client.get(reverse("meetings:minutes_pdf", args=[world.meeting.pk]))
    assert SENTINEL.encode() in readable(pdf)
    download = client.get(reverse("attachment_download", args=[world.sentinel_file.pk]))
    assert SENTINEL.encode() in readable(download)


ANOTHER = "Sentinel-Aarhus-0202"


@pytest.mark.parametrize("persona", ["consultant", "steering", "admin"])
def test_another_municipalitys_sentinel_never_reaches_aalborg(world, people, persona, aarhus_world):
    """Planted in Aarhus' incident, meeting and person: no page, export or feed of the
    permission matrix shows it to Aalborg's consultant, steering group or administrator,
    who see everything of their own."""
    client = client_for(people, persona)
    reached = []
    for row in ROWS:
        url = row.url(world)
        if row.method == "post":
            response = client.post(url, row.data(world) if row.data else {})
        else:
            response = client.get(url)
        if ANOTHER.encode() in readable(response):
            reached.append(f"{row.method.upper()} {url}")
    for name in ("incidents:export_csv", "incidents:export_xlsx", "incidents:list"):
        if ANOTHER.encode() in readable(client.get(reverse(name), {"q": ANOTHER})):
            reached.append(name)
    assert not reached, f"{ANOTHER} reached Aalborg's {persona} through: {reached}"


@pytest.fixture
def aarhus_world(other_municipality):
    from byrum import tenancy
    from tests.actionplan.factories import PersonFactory
    from tests.meetings.factories import MeetingFactory
    from tests.places.factories import PlaceFactory

    with tenancy.municipality(other_municipality.pk):
        place = PlaceFactory(name=f"{ANOTHER} plads", city="Aarhus")
        incident = IncidentFactory(place=place, description=f"{ANOTHER} sov på bænken")
        meeting = MeetingFactory(title=f"{ANOTHER} møde")
        person = PersonFactory(name=f"{ANOTHER} Person")
    return SimpleNamespace(place=place, incident=incident, meeting=meeting, person=person)
