"""More than one machine: with S3_BUCKET set, photos live in an S3-compatible object store
(here a real one, moto's server), not on a web server's disk; they are still served only
through the checked view and erased by the retention rule."""

import datetime
import io
import urllib.error
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from incidents.models import Incident

from .conftest import jpeg_with_gps
from .factories import IncidentFactory
from .test_photos import post_photo


def test_a_photo_goes_to_the_object_store_and_comes_back_through_the_checked_view(
    s3_media, clients, caretaker_world, places
):
    upload = SimpleUploadedFile("IMG_0002.jpg", jpeg_with_gps((400, 300)))
    response, data = post_photo(clients.caretaker, places.klostertorvet, upload)
    assert response.status_code == 302
    incident = Incident.objects.get(client_uuid=data["client_uuid"])

    assert type(default_storage._wrapped).__name__ == "S3Storage"
    assert s3_media.keys() == [incident.photo.name]
    assert not any(s3_media.disk.rglob("*"))

    url = reverse("incidents:photo", args=[incident.pk])
    response = clients.consultant.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")
    assert clients.local.get(url).status_code == 404

    # The object store's own address never reaches the page: it is private.
    detail = clients.consultant.get(incident.get_absolute_url()).content.decode()
    assert s3_media.endpoint not in detail and "X-Amz-Signature" not in detail


def test_the_object_store_refuses_anonymous_reads(s3_media, clients, caretaker_world, places):
    upload = SimpleUploadedFile("p.jpg", jpeg_with_gps((200, 100)))
    _response, data = post_photo(clients.caretaker, places.klostertorvet, upload)
    incident = Incident.objects.get(client_uuid=data["client_uuid"])
    acl = s3_media.client().get_object_acl(Bucket=s3_media.bucket, Key=incident.photo.name)
    assert all("AllUsers" not in str(grant["Grantee"]) for grant in acl["Grants"])
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(
            f"{s3_media.endpoint}/{s3_media.bucket}/{incident.photo.name}", timeout=10
        )


def test_the_retention_rule_erases_an_old_photo_from_the_object_store(
    s3_media, places, django_capture_on_commit_callbacks
):
    old = IncidentFactory(
        place=places.klostertorvet,
        occurred_at=timezone.now() - datetime.timedelta(days=30 * 25),
        description="Slagsmål ved bænkene",
    )
    old.photo.save("p.jpg", ContentFile(jpeg_with_gps((20, 10))), save=True)
    assert s3_media.keys() == [old.photo.name]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("apply_retention", stdout=io.StringIO())
    old.refresh_from_db()
    assert old.photo.name == "" and s3_media.keys() == []
