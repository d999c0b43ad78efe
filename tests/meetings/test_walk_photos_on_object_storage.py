"""More than one machine: with S3_BUCKET set, the photos of safety-walk findings live in
the S3-compatible object store (here moto's server), without their EXIF; any web server
shows them, only through the checked view; the retention rule erases them there."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from meetings.models import Finding

from .factories import FindingFactory, SafetyWalkFactory
from .test_walks import _photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def walk(people):
    return SafetyWalkFactory(group=people.local_group, date=datetime.date(2030, 3, 31))


def test_a_finding_photo_goes_to_the_object_store_without_its_position(
    s3_media, clients, people, walk
):
    response = clients.caretaker.post(
        reverse("meetings:finding_create", args=[walk.pk]),
        {
            "condition": "dark_path",
            "description": "Mørkt ved trappen",
            "latitude": "57.0477",
            "longitude": "9.9208",
            "responsible_person": people.persons["local"].pk,
            "photo": _photo(),
        },
    )
    assert response.status_code == 302
    finding = Finding.objects.get()
    assert s3_media.keys() == [finding.photo.name]
    assert not any(s3_media.disk.rglob("*"))
    stored = s3_media.client().get_object(Bucket=s3_media.bucket, Key=finding.photo.name)
    with Image.open(io.BytesIO(stored["Body"].read())) as image:
        assert not image.getexif()

    url = reverse("meetings:finding_photo", args=[finding.pk])
    response = clients.local.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")
    assert clients.outsider.get(url).status_code == 404
    page = clients.local.get(walk.get_absolute_url()).content.decode()
    assert s3_media.endpoint not in page and "X-Amz-Signature" not in page


def test_the_retention_rule_erases_old_walk_photos_from_the_object_store(
    s3_media, settings, django_capture_on_commit_callbacks
):
    settings.WALK_PHOTO_RETENTION_MONTHS = 6
    old, new = FindingFactory(), FindingFactory()
    for finding in (old, new):
        finding.photo.save("fund.jpg", ContentFile(b"\xff\xd8\xff\xd9"), save=True)
    Finding.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=200)
    )
    assert len(s3_media.keys()) == 2
    with django_capture_on_commit_callbacks(execute=True):
        call_command("apply_walk_photo_retention", stdout=io.StringIO())
    old.refresh_from_db()
    assert old.photo.name == "" and s3_media.keys() == [new.photo.name]
