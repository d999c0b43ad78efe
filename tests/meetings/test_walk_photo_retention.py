"""Safety-walk photos (they may show residents' faces) are removed after
WALK_PHOTO_RETENTION_MONTHS, a setting of their own; the findings stay."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from meetings.models import Finding

from .factories import FindingFactory

pytestmark = pytest.mark.django_db


def _finding_with_photo(days_ago):
    finding = FindingFactory()
    finding.photo.save("fund.jpg", ContentFile(b"\xff\xd8\xff\xd9"), save=True)
    Finding.objects.filter(pk=finding.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return Finding.objects.get(pk=finding.pk)


@override_settings(WALK_PHOTO_RETENTION_MONTHS=6)
def test_old_walk_photos_go_and_the_findings_and_new_photos_stay(
    django_capture_on_commit_callbacks,
):
    old = _finding_with_photo(days_ago=200)
    new = _finding_with_photo(days_ago=20)
    old_name = old.photo.name
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("apply_walk_photo_retention", stdout=out)
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.photo.name == "" and not default_storage.exists(old_name)
    assert new.photo.name and default_storage.exists(new.photo.name)
    assert Finding.objects.filter(pk=old.pk).exists()  # the finding itself stays
    assert "Removed 1 photo(s)" in out.getvalue()


def test_a_dry_run_removes_nothing_and_the_setting_defaults_to_a_year(settings):
    assert settings.WALK_PHOTO_RETENTION_MONTHS == 12
    old = _finding_with_photo(days_ago=400)
    out = io.StringIO()
    call_command("apply_walk_photo_retention", "--dry-run", stdout=out)
    old.refresh_from_db()
    assert old.photo.name and "Would remove 1 photo(s)" in out.getvalue()
