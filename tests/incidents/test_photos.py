"""Photos of the place: EXIF (with GPS) stripped, shrunk, type and size checked, served only
to those who may see the incident."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from byrum.photos import MAX_UPLOAD_BYTES
from incidents.models import Incident

from .conftest import jpeg_with_gps
from .test_report import URL, report


def post_photo(client, place, upload):
    data = report(place)
    response = client.post(URL, {**data, "photo": upload})
    return response, data


def test_the_photo_is_stored_without_exif_or_gps_and_shrunk(clients, caretaker_world, places):
    raw = jpeg_with_gps()
    with Image.open(io.BytesIO(raw)) as original:  # the test photo really carries GPS
        assert original.getexif().get_ifd(0x8825)
    upload = SimpleUploadedFile("IMG_0001.jpg", raw, content_type="image/jpeg")
    response, data = post_photo(clients.caretaker, places.klostertorvet, upload)
    assert response.status_code == 302
    incident = Incident.objects.get(client_uuid=data["client_uuid"])
    assert incident.photo.name.startswith("incidents/photos/")
    assert "IMG_0001" not in incident.photo.name
    stored = default_storage.open(incident.photo.name).read()
    assert b"Exif" not in stored
    assert b"Phone Camera 3000" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert max(image.size) == 1600


def test_a_png_is_accepted_and_stored_as_jpeg(clients, caretaker_world, places):
    buffer = io.BytesIO()
    Image.new("RGBA", (300, 200), (0, 0, 255, 128)).save(buffer, format="PNG")
    upload = SimpleUploadedFile("plads.png", buffer.getvalue(), content_type="image/png")
    response, data = post_photo(clients.caretaker, places.klostertorvet, upload)
    assert response.status_code == 302
    incident = Incident.objects.get(client_uuid=data["client_uuid"])
    with Image.open(default_storage.open(incident.photo.name)) as image:
        assert (image.format, image.size) == ("JPEG", (300, 200))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("billede.jpg", b"%PDF-1.4 not an image at all"),
        ("script.jpg", b"<script>alert(1)</script>"),
        ("animation.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
    ],
)
def test_a_file_that_is_not_a_photo_is_refused(clients, caretaker_world, places, name, content):
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    response, data = post_photo(clients.caretaker, places.klostertorvet, upload)
    assert response.status_code == 400
    assert "Filen er ikke et foto" in response.content.decode()
    assert not Incident.objects.filter(client_uuid=data["client_uuid"]).exists()


def test_an_oversized_photo_is_refused(clients, caretaker_world, places):
    upload = SimpleUploadedFile(
        "stor.jpg", b"\xff\xd8" + b"0" * MAX_UPLOAD_BYTES, content_type="image/jpeg"
    )
    response, data = post_photo(clients.caretaker, places.klostertorvet, upload)
    assert response.status_code == 400
    assert "Fotoet er for stort (10 MB). Det må højst være 10 MB." in response.content.decode()
    assert not Incident.objects.filter(client_uuid=data["client_uuid"]).exists()


def test_a_retry_with_the_same_photo_is_the_same_report(clients, caretaker_world, places):
    raw = jpeg_with_gps((400, 300))
    data = report(places.klostertorvet)
    first = clients.caretaker.post(
        URL, {**data, "photo": SimpleUploadedFile("a.jpg", raw)}, HTTP_ACCEPT="application/json"
    )
    again = clients.caretaker.post(
        URL, {**data, "photo": SimpleUploadedFile("a.jpg", raw)}, HTTP_ACCEPT="application/json"
    )
    other = clients.caretaker.post(
        URL,
        {**data, "photo": SimpleUploadedFile("b.jpg", jpeg_with_gps((500, 300)))},
        HTTP_ACCEPT="application/json",
    )
    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 409)
    assert Incident.objects.filter(client_uuid=data["client_uuid"]).count() == 1


def test_the_photo_is_served_only_through_the_checked_view(clients, caretaker_world, places):
    upload = SimpleUploadedFile("p.jpg", jpeg_with_gps((200, 100)))
    _response, data = post_photo(clients.caretaker, places.klostertorvet, upload)
    incident = Incident.objects.get(client_uuid=data["client_uuid"])
    url = reverse("incidents:photo", args=[incident.pk])
    response = clients.consultant.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")
    assert clients.local.get(url).status_code == 404
    detail = clients.consultant.get(incident.get_absolute_url()).content.decode()
    assert f'src="{url}"' in detail
    assert "/media/" not in detail


def test_an_incident_without_photo_has_no_photo_url(clients, caretaker_world):
    url = reverse("incidents:photo", args=[caretaker_world.own.pk])
    assert clients.caretaker.get(url).status_code == 404
