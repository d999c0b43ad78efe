import io
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from byrum import roles
from tests.actionplan.factories import UserFactory

from .factories import CaretakerPlaceFactory, IncidentFactory, PlaceFactory


@pytest.fixture
def places(db):
    return SimpleNamespace(
        klostertorvet=PlaceFactory(
            name="Klostertorvet", city="Aarhus", latitude="56.158900", longitude="10.208900"
        ),
        arkivpladsen=PlaceFactory(name="Arkivpladsen", city="Aalborg"),
        kildeparken=PlaceFactory(
            name="Kildeparken",
            city="Aalborg",
            kind="park",
            latitude="57.043200",
            longitude="9.912600",
        ),
    )


@pytest.fixture
def caretaker_world(people, places):
    """The persona caretaker works at Klostertorvet. Another caretaker works at Kildeparken."""
    caretaker = people.users["caretaker"]
    other = UserFactory(username="andenvicevaert", first_name="Jonas", roles=[roles.CARETAKER])
    CaretakerPlaceFactory(user=caretaker, place=places.klostertorvet)
    CaretakerPlaceFactory(user=other, place=places.kildeparken)
    return SimpleNamespace(
        caretaker=caretaker,
        other=other,
        # reported by the other caretaker at the persona caretaker's place: visible to both
        at_my_place=IncidentFactory(place=places.klostertorvet, reported_by=other),
        # reported by the other caretaker elsewhere: not visible to the persona caretaker
        elsewhere=IncidentFactory(place=places.kildeparken, reported_by=other),
        # the persona caretaker's own report, at a place that is not theirs
        own=IncidentFactory(place=places.arkivpladsen, reported_by=caretaker),
    )


def jpeg_with_gps(size=(2400, 1800)):
    """A camera-like JPEG with EXIF holding a GPS position and a camera model."""
    image = Image.new("RGB", size, (120, 160, 90))
    exif = Image.Exif()
    exif[0x0110] = "Phone Camera 3000"  # Model
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (56.0, 9.0, 32.0)
    gps[3] = "E"
    gps[4] = (10.0, 12.0, 32.0)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def queries(client, url):
    """How many queries a GET of ``url`` runs (and check that it answers 200)."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(context.captured_queries)
