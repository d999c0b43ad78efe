"""Incident exports too large to write while the browser waits.

Above ``INCIDENT_EXPORT_BACKGROUND_ROWS`` rows the export link offers to write the file in
the background: ``export_request`` stores an :class:`IncidentExport` and defers the job in
the same transaction; the job (``write``) reads the rows a batch at a time, each batch in a
transaction of its own with the municipality set (so the progress it records is seen on the
export's page at once), writes the CSV or workbook to a temporary file, stores it in the
media storage (local disk or S3) under a random name, and defers the mail with the link
(``mail_ready``). The download view gives the file to the requester only, until it expires;
``expire`` deletes expired files (a periodic job).

The rows are those the requester may see *when the job runs*, with the filters they chose,
and the story columns only if they still see incidents' detail: the same rules as the list.
"""

import datetime
import logging
import tempfile
import types
import uuid

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from byrum import tenancy
from byrum.pagination import older_than

from . import exports
from .access import sees_incident_detail, visible_incidents
from .filters import IncidentFilter
from .models import IncidentExport

logger = logging.getLogger(__name__)

# Rows per batch: one transaction, one progress update.
BATCH = 5000


def background_rows():
    """Exports with more rows than this are written by a job."""
    return settings.INCIDENT_EXPORT_BACKGROUND_ROWS


def counted(incidents):
    """How many rows ``incidents`` holds, counted up to ``background_rows() + 1``: enough to
    choose between a streamed download and a job, without counting a million rows. One
    query."""
    return incidents.order_by().select_related(None)[: background_rows() + 1].count()


def incident_filter(query, user):
    """The list's filters (a query string) over the incidents ``user`` may see, as the list
    applies them; the job has no request, so the filter gets one that carries only the user
    (all IncidentFilter reads of it)."""
    return IncidentFilter(
        QueryDict(query),
        queryset=visible_incidents(user),
        request=types.SimpleNamespace(user=user),
    )


@transaction.atomic
def export_request(*, user, fmt, query):
    """Ask for an export of the incidents ``user`` may see, filtered by ``query`` (the list's
    query string), as "csv" or "xlsx"; returns it. The same export asked again while the
    first is still being written is the first. Defers the job in this transaction."""
    from .tasks import write_export

    existing = IncidentExport.objects.of(user).unfinished().filter(format=fmt, query=query)
    export = existing.first()
    if export is not None:
        return export
    export = IncidentExport.objects.create(requested_by=user, format=fmt, query=query)
    write_export.defer(export_id=export.pk, municipality_id=tenancy.current())
    return export


def _batches(export, incidents, municipality_id):
    """The rows, newest first, read BATCH at a time after the last row of the batch before
    (a keyset, as the list's pages), each batch in its own transaction in which the progress
    so far is recorded."""
    ordered = exports.ordered(incidents)
    last = None
    while True:
        with tenancy.municipality(municipality_id):
            page = ordered if last is None else older_than(ordered, "occurred_at", *last)
            batch = list(page.values_list(*exports.FIELDS)[:BATCH])
            IncidentExport.objects.filter(pk=export.pk).update(rows_written=export.rows_written)
        yield from batch
        export.rows_written += len(batch)
        if len(batch) < BATCH:
            return
        pk, occurred_at = batch[-1][0], batch[-1][1]
        last = (occurred_at, pk)


def _start(export_id):
    """The export, marked as being written, with its rows and whether they hold the story;
    None when there is nothing to do (deleted, or finished by an earlier run)."""
    export = IncidentExport.objects.select_related("requested_by").filter(pk=export_id).first()
    if export is None or export.finished:
        return None, None, None
    user = export.requested_by
    filterset = incident_filter(export.query, user)
    if not filterset.is_valid():
        raise ValueError(f"the export's filters are no longer valid: {filterset.errors}")
    incidents = filterset.qs
    export.status = IncidentExport.Status.RUNNING
    export.rows_total = incidents.order_by().count()
    export.rows_written = 0
    export.save(update_fields=["status", "rows_total", "rows_written"])
    return export, incidents, sees_incident_detail(user)


def write(*, export_id, municipality_id):
    """The job: write the export's file and store it, then defer the mail."""
    from .tasks import mail_export_ready

    try:
        with tenancy.municipality(municipality_id):
            export, incidents, detail = _start(export_id)
        if export is None:
            return
        name = f"exports/{uuid.uuid4().hex}/" + exports.filename(
            export.format, timezone.localdate()
        )
        with tempfile.TemporaryFile() as stream:
            rows = _batches(export, incidents, municipality_id)
            exports.write(stream, export.format, rows, detail=detail)
            stream.seek(0)
            name = default_storage.save(name, File(stream, name=name))
    except Exception:
        logger.exception("incident export %s failed", export_id)
        with tenancy.municipality(municipality_id):
            IncidentExport.objects.filter(pk=export_id).exclude(
                status=IncidentExport.Status.DONE
            ).update(status=IncidentExport.Status.FAILED, finished_at=timezone.now())
        raise
    now = timezone.now()
    with tenancy.municipality(municipality_id):
        IncidentExport.objects.filter(pk=export.pk).update(
            status=IncidentExport.Status.DONE,
            file=name,
            rows_written=export.rows_written,
            rows_total=export.rows_written,
            finished_at=now,
            expires_at=now + datetime.timedelta(hours=settings.INCIDENT_EXPORT_KEEP_HOURS),
        )
        mail_export_ready.defer(export_id=export.pk, municipality_id=municipality_id)


def download_url(export):
    return settings.SITE_URL + reverse("incidents:export_download", args=[export.pk])


def mail_ready(*, export_id, municipality_id):
    """The mail job: tell the requester the file is ready, with the link to fetch it. Sent
    once (``mailed_at``); nothing when the export is gone or the requester has no address."""
    with tenancy.municipality(municipality_id):
        export = (
            IncidentExport.objects.select_for_update()
            .select_related("requested_by")
            .filter(pk=export_id, status=IncidentExport.Status.DONE, mailed_at__isnull=True)
            .first()
        )
        if export is None or not export.requested_by.email:
            return
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "export": export,
                "user": export.requested_by,
                "url": download_url(export),
                "status_url": settings.SITE_URL + export.get_absolute_url(),
                "expires": timezone.localtime(export.expires_at),
            }
            message = EmailMultiAlternatives(
                _("Your export of incidents is ready"),
                render_to_string("incidents/email/export_ready.txt", context),
                to=[export.requested_by.email],
                headers={"Auto-Submitted": "auto-generated"},
            )
            message.attach_alternative(
                render_to_string("incidents/email/export_ready.html", context), "text/html"
            )
        message.send()
        export.mailed_at = timezone.now()
        export.save(update_fields=["mailed_at"])


def expire(*, municipality_id, now=None):
    """Delete the exports past their expiry, files and all (the periodic cleanup; the
    lead's loop runs it for each municipality). Returns how many."""
    keep = datetime.timedelta(hours=settings.INCIDENT_EXPORT_KEEP_HOURS)
    with tenancy.municipality(municipality_id):
        expired = IncidentExport.objects.expired(now=now or timezone.now(), keep=keep)
        expired = list(expired.values_list("pk", "file"))
        IncidentExport.objects.filter(pk__in=[pk for pk, _file in expired]).delete()
        files = [name for _pk, name in expired if name]
        transaction.on_commit(lambda: _delete_files(files))
    return len(expired)


def _delete_files(names):
    for name in names:
        default_storage.delete(name)
