"""More than one machine: with S3_BUCKET set, photos live in an S3-compatible object store
(here a real one, moto's server), not on a web server's disk; they are still served only
through the checked view and erased by the retention rule."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from incidents.models import Incident
from tests.object_storage import S3Server

from .conftest import jpeg_with_gps
from .test_photos import post_photo


@pytest.fixture
def s3(settings):
    with S3Server() as server:
        settings.STORAGES = {**settings.STORAGES, "default": server.storage_setting()}
        yield server


def test_a_photo_goes_to_the_object_store_and_comes_back_through_the_checked_view(
    s3, clients, caretaker_world, places, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path  # anything written to the local disk would land here
    upload = SimpleUploadedFile("IMG_0002.jpg", jpeg_with_gps((400, 300)))
    response, data = post_photo(clients.caretaker, places.klostertorvet, upload)
    assert response.status_code == 302
    incident = Incident.objects.get(client_uuid=data["client_uuid"])

    assert type(default_storage._wrapped).__name__ == "S3Storage"
    assert s3.keys() == [incident.photo.name]
    assert not any(tmp_path.rglob("*"))

    url = reverse("incidents:photo", args=[incident.pk])
    response = clients.consultant.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")
    assert clients.local.get(url).status_code == 404

    # The object store's own address never reaches the page: it is private.
    detail = clients.consultant.get(incident.get_absolute_url()).content.decode()
    assert s3.endpoint not in detail and "X-Amz-Signature" not in detail


def test_the_object_store_refuses_anonymous_reads(s3, clients, caretaker_world, places):
    import urllib.error
    import urllib.request

    upload = SimpleUploadedFile("p.jpg", jpeg_with_gps((200, 100)))
    _response, data = post_photo(clients.caretaker, places.klostertorvet, upload)
    incident = Incident.objects.get(client_uuid=data["client_uuid"])
    acl = s3.client().get_object_acl(Bucket=s3.bucket, Key=incident.photo.name)
    assert all("AllUsers" not in str(grant["Grantee"]) for grant in acl["Grants"])
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(f"{s3.endpoint}/{s3.bucket}/{incident.photo.name}", timeout=10)
