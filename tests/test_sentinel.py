"""A name planted in an incident never reaches a local-group member or an outsider: not in any
page (every URL of the permission matrix), export, or e-mail they can get."""

from types import SimpleNamespace

import pytest
from django.core import mail
from django.urls import reverse

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
    return world


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
        body = b"".join(response) if response.streaming else response.content
        if SENTINEL.encode() in body:
            reached.append(f"{row.method.upper()} {url}")
    for name in ("incidents:export_csv", "incidents:export_xlsx", "incidents:list"):
        response = client.get(reverse(name), {"q": SENTINEL})
        if SENTINEL.encode() in response.content:
            reached.append(name)
    assert not reached, f"{SENTINEL} reached the {persona} through: {reached}"
    assert not any(
        SENTINEL in message.body or SENTINEL in str(message.alternatives) for message in mail.outbox
    )


def test_the_sentinel_is_there_for_a_consultant(world, people):
    """The check above would pass vacuously if the incident were not where we look."""
    client = client_for(people, "consultant")
    incident = world.sentinel_incident
    assert SENTINEL in client.get(incident.get_absolute_url()).content.decode()
    export = client.get(reverse("incidents:export_csv"))
    content = b"".join(export) if export.streaming else export.content
    assert SENTINEL in content.decode("utf-8-sig")
