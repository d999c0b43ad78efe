"""Writes of the incidents app: reports stored once per UUID, changes with history, retention."""

import dataclasses
import datetime
import hashlib
import json

import pghistory
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from byrum.dates import months_before

from .models import (
    POSITION_FIELDS,
    REPORT_FIELDS,
    SMALL_JOB_FIELDS,
    Incident,
    IncidentEvent,
    SmallJob,
)

INCIDENT_FIELDS = REPORT_FIELDS + POSITION_FIELDS


class ReplayConflict(Exception):
    """A report came with a UUID already stored for a different report."""


def history(user=None, **metadata):
    """Who made the change, for django-pghistory's event context."""
    return pghistory.context(user=user.pk if user else None, **metadata)


def fingerprint(values: dict, *, photo_digest="") -> str:
    """A stable hash of a report's content: a replay of the same report gives the same hash."""

    def canonical(value):
        if hasattr(value, "pk"):
            return value.pk
        if isinstance(value, datetime.datetime):
            return value.astimezone(datetime.UTC).replace(second=0, microsecond=0).isoformat()
        if value is None or isinstance(value, bool | int | str):
            return value
        return str(value)

    payload = {key: canonical(value) for key, value in sorted(values.items())}
    payload["photo"] = photo_digest
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _store_once(model, *, client_uuid, user, digest, build):
    """Store a report once per UUID. Returns (object, created). The same UUID again with the
    same content answers with the stored object; with other content (or from another user)
    raises ReplayConflict. Concurrent posts of one UUID meet at the unique constraint."""
    existing = model.objects.filter(client_uuid=client_uuid).first()
    if existing is None:
        obj = build()
        try:
            with transaction.atomic():
                obj.save()
            return obj, True
        except IntegrityError:
            photo = getattr(obj, "photo", None)
            if photo:
                default_storage.delete(photo.name)
            existing = model.objects.filter(client_uuid=client_uuid).first()
            if existing is None:
                raise
    if existing.fingerprint != digest or existing.reported_by_id != user.pk:
        raise ReplayConflict
    return existing, False


def incident_report(*, user, client_uuid, data, photo=None, photo_digest=""):
    """A caretaker's report: stored once per client UUID. ``data`` holds INCIDENT_FIELDS;
    ``photo`` is an already cleaned image file (see byrum.photos.process_photo)."""
    values = {key: data.get(key) for key in INCIDENT_FIELDS}
    digest = fingerprint(values, photo_digest=photo_digest)

    def build():
        incident = Incident(
            client_uuid=client_uuid,
            fingerprint=digest,
            reported_by=user,
            status=Incident.Status.OPEN if values["follow_up_needed"] else Incident.Status.HANDLED,
            **values,
        )
        # The place and the user are rows the form and the login just read: no need to
        # look them up again.
        incident.full_clean(
            exclude=["photo", "place", "reported_by"],
            validate_unique=False,
            validate_constraints=False,
        )
        if photo is not None:
            incident.photo.save(photo.name, photo, save=False)
        return incident

    with history(user, action="report"):
        return _store_once(Incident, client_uuid=client_uuid, user=user, digest=digest, build=build)


def incident_change(*, incident, user, form):
    """A consultant's or the reporter's correction of a report; pghistory keeps the old one."""
    with history(user, action="change"):
        return form.save()


def incident_follow_up(*, incident, user, status, note):
    with history(user, action="follow_up"):
        incident.set_follow_up(status=status, note=note)


def small_job_log(*, user, client_uuid, data):
    """A small job done, logged from the phone: stored once per client UUID."""
    values = {key: data.get(key) for key in SMALL_JOB_FIELDS}
    digest = fingerprint(values)

    def build():
        job = SmallJob(client_uuid=client_uuid, fingerprint=digest, reported_by=user, **values)
        job.full_clean(
            exclude=["place", "reported_by"], validate_unique=False, validate_constraints=False
        )
        return job

    with history(user, action="report"):
        return _store_once(SmallJob, client_uuid=client_uuid, user=user, digest=digest, build=build)


def small_job_change(*, job, user, form):
    """A correction of a small job (its reporter within 24 hours, or a consultant); the old
    values stay in its history."""
    with history(user, action="change"):
        return form.save()


def small_job_delete(*, job, user):
    """A consultant removes a small job logged by mistake; its history keeps it."""
    with history(user, action="delete"):
        job.delete()


@dataclasses.dataclass
class RetentionResult:
    cutoff: datetime.datetime
    incidents: int
    photos: int
    events: int


REDACTED = {
    "description": "",
    "follow_up_note": "",
    "photo": "",
    "latitude": None,
    "longitude": None,
}


def apply_retention(*, months, now=None, dry_run=False):
    """Remove the free text, photos and reporter positions of incidents that happened more
    than ``months`` months ago, also from their history; keep the figures (place, time,
    category, severity, counts, police/ambulance, follow-up) so statistics still work."""
    now = now or timezone.now()
    cutoff = months_before(timezone.localtime(now), months)
    due = Incident.objects.filter(occurred_at__lt=cutoff, redacted_at__isnull=True)
    rows = list(due.values_list("pk", "photo"))
    ids = [pk for pk, _photo in rows]
    photos = [name for _pk, name in rows if name]
    events = IncidentEvent.objects.filter(pgh_obj_id__in=ids)
    if dry_run:
        return RetentionResult(cutoff, len(ids), len(photos), events.count())
    with history(None, action="retention"):
        Incident.objects.filter(pk__in=ids).update(**REDACTED, redacted_at=now)
    # The history snapshots hold the same text: remove it there too, through the one function
    # that may (it refuses incidents not yet past the retention period; migration 0007).
    with connection.cursor() as cursor:
        cursor.execute("SELECT incidents_erase_history(%s::bigint[])", [ids])
        event_count = cursor.fetchone()[0]

    def delete_files():
        for name in photos:
            default_storage.delete(name)

    transaction.on_commit(delete_files)
    return RetentionResult(cutoff, len(ids), len(photos), event_count)
