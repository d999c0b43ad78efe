"""Retention: the free text, photos and positions of old incidents go; the figures stay."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from byrum.dates import months_before
from incidents import services
from incidents.models import Incident, IncidentEvent

from .factories import IncidentFactory


@pytest.fixture
def old_and_new(places, people):
    now = timezone.now()
    old = IncidentFactory(
        place=places.klostertorvet,
        occurred_at=now - datetime.timedelta(days=30 * 25),
        category="violence",
        severity=3,
        people_involved=4,
        police_called=True,
        follow_up_needed=True,
        description="Slagsmål ved bænkene",
        latitude="56.15890",
        longitude="10.20890",
    )
    old.photo.save("p.jpg", ContentFile(b"\xff\xd8\xff\xd9"), save=True)
    services.incident_follow_up(
        incident=old, user=people.users["consultant"], status="handled", note="Talt med politiet"
    )
    new = IncidentFactory(
        place=places.klostertorvet,
        occurred_at=now - datetime.timedelta(days=30 * 23),
        description="Høj musik",
    )
    return old, new


def run(*args):
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_old_free_text_photos_and_positions_go_and_the_figures_stay(
    old_and_new, django_capture_on_commit_callbacks
):
    old, new = old_and_new
    photo = old.photo.name
    assert default_storage.exists(photo)
    with django_capture_on_commit_callbacks(execute=True):
        output = run()
    assert "Retention: 24 months" in output
    assert "Removed the free text and reporter position of 1 incident(s), 1 photo(s)" in output
    old.refresh_from_db()
    assert (old.description, old.follow_up_note, old.photo.name) == ("", "", "")
    assert (old.latitude, old.longitude) == (None, None)
    assert old.redacted_at is not None
    assert not default_storage.exists(photo)
    # the figures for statistics
    assert (old.place_id, old.category, old.severity, old.people_involved) == (
        new.place_id,
        "violence",
        3,
        4,
    )
    assert old.police_called and old.follow_up_needed and old.status == "handled"
    # ...and the history no longer holds the text either
    events = IncidentEvent.objects.filter(pgh_obj_id=old.pk)
    assert events.count() >= 2
    assert not events.exclude(description="").exists()
    assert not events.exclude(follow_up_note="").exists()
    assert not events.filter(latitude__isnull=False).exists()
    # the newer incident keeps everything
    new.refresh_from_db()
    assert new.description == "Høj musik" and new.redacted_at is None
    assert IncidentEvent.objects.filter(pgh_obj_id=new.pk, description="Høj musik").exists()


def test_a_second_run_has_nothing_to_do(old_and_new):
    run()
    assert "of 0 incident(s), 0 photo(s)" in run()


def test_a_dry_run_changes_nothing(old_and_new):
    old, _new = old_and_new
    output = run("--dry-run")
    assert "Would remove the free text and reporter position of 1 incident(s)" in output
    old.refresh_from_db()
    assert old.description == "Slagsmål ved bænkene" and old.redacted_at is None


def test_the_months_come_from_the_setting(old_and_new, settings, retention_in_database):
    settings.INCIDENT_RETENTION_MONTHS = 12
    retention_in_database()  # as `migrate` writes it where the database enforces it
    assert "of 2 incident(s)" in run()
    assert not Incident.objects.exclude(description="").exists()


def test_a_redacted_incident_says_so_on_its_page(old_and_new, clients):
    old, _new = old_and_new
    run()
    page = clients.consultant.get(old.get_absolute_url()).content.decode()
    assert "Fjernet efter sletningsreglen." in page


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime.datetime(2026, 3, 31, 12, 0), 1, datetime.datetime(2026, 2, 28, 12, 0)),
        (datetime.datetime(2026, 1, 15, 8, 30), 24, datetime.datetime(2024, 1, 15, 8, 30)),
        (datetime.datetime(2024, 2, 29, 0, 0), 12, datetime.datetime(2023, 2, 28, 0, 0)),
    ],
)
def test_months_before_counts_calendar_months(moment, months, expected):
    aware = timezone.make_aware(moment)
    assert months_before(aware, months).replace(tzinfo=None) == expected
