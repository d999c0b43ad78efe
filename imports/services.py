"""The import's two steps: a preview that writes nothing, and a confirmation that writes
every good row in one transaction, recorded in history as the import's change.

A sheet of up to ``settings.IMPORTS_BACKGROUND_ROWS`` rows takes both steps within the
request. A larger one is kept in the default storage (where a worker on another machine
reads it) and checked by a job; its confirmation is a job too. The jobs (``check_job``,
``import_job``, deferred in the request's transaction with the municipality it runs for)
count their rows for the sheet's page as they go (imports/progress.py).
"""

import logging
import pathlib
import uuid

import pghistory
import tablib
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from byrum import tenancy

from . import sheets
from .models import SheetImport
from .progress import NoProgress, Progress
from .resources import RESOURCES

logger = logging.getLogger(__name__)

# A refused confirmation names at most this many of the rows that failed.
REFUSED_ROWS_NAMED = 10


def _dataset(headers, rows):
    dataset = tablib.Dataset(headers=headers)
    for row in rows:
        dataset.append([row.get(header, "") for header in headers])
    return dataset


def _messages(resource, validation_error):
    """A row's problems as Danish sentences, each naming its column."""
    columns = {field.attribute: field.column_name for field in resource.fields.values()}
    messages = []
    for field, errors in validation_error.message_dict.items():
        for error in errors:
            column = columns.get(field)
            if field == NON_FIELD_ERRORS or column is None or error.startswith(column):
                messages.append(error)
            else:
                messages.append(f"{column}: {error}")
    return messages


def _describe(resource, result, rows):
    """One entry per row: its number in the spreadsheet, what happens to it and why."""
    entries = []
    for index, (row, row_result) in enumerate(zip(rows, result.rows, strict=True)):
        entry = {
            "row": index + 2,  # row 1 holds the column headers
            "type": row_result.import_type,
            "label": str(row.get(resource.label_column, ""))[:120],
            "messages": [],
        }
        if row_result.import_type == "invalid":
            entry["messages"] = _messages(resource, row_result.validation_error)
        elif row_result.import_type == "error":
            entry["type"] = "invalid"
            entry["messages"] = [
                _("The row could not be read: %(error)s") % {"error": error.error}
                for error in row_result.errors
            ]
        entries.append(entry)
    return entries


def _run(resource, sheet_rows, headers, *, dry_run, progress):
    """django-import-export's import of the rows, reporting each row done to ``progress``."""
    progress.total(len(sheet_rows))
    resource.on_row_done = progress
    return resource.import_data(
        _dataset(headers, sheet_rows), dry_run=dry_run, raise_errors=False, use_transactions=True
    )


def check_headers(kind, headers):
    missing = [h for h in RESOURCES[kind]().required_headers() if h not in headers]
    if missing:
        raise ValidationError(
            _("The sheet lacks the columns %(columns)s. Start from the template.")
            % {"columns": ", ".join(missing)}
        )


# --- Uploading and checking --------------------------------------------------------------------


def sheet_upload(*, kind, upload, user) -> SheetImport:
    """An uploaded sheet: read and checked at once (``sheet_preview``) when it has up to
    IMPORTS_BACKGROUND_ROWS rows; a larger one is kept in the default storage and checked
    by a job deferred in the caller's transaction (its page follows the job). Only as many
    rows are read here as it takes to tell which."""
    limit = settings.IMPORTS_BACKGROUND_ROWS
    headers, rows = sheets.read(upload, limit=limit)
    check_headers(kind, headers)
    if len(rows) <= limit:
        return sheet_preview(
            kind=kind, file_name=upload.name, headers=headers, rows=rows, user=user
        )
    from .tasks import check_sheet

    sheet = SheetImport(
        kind=kind,
        file_name=upload.name[:255],
        headers=headers,
        state=SheetImport.State.CHECKING,
        uploaded_by=user,
    )
    # A name of our own: the person's file name may say whom the sheet is about.
    suffix = pathlib.Path(upload.name).suffix.lower()[:8]
    upload.seek(0)
    sheet.file.save(f"{uuid.uuid4().hex}{suffix}", upload, save=False)
    sheet.save()
    check_sheet.defer(
        sheet_id=sheet.pk,
        municipality_id=tenancy.current(),
        language=translation.get_language(),
    )
    return sheet


def sheet_preview(*, kind, file_name, headers, rows, user) -> SheetImport:
    """Read every row as it would be imported, inside a transaction that is rolled back,
    and keep the rows and what would happen to each. Nothing is written but the preview."""
    check_headers(kind, headers)
    resource = RESOURCES[kind](user=user)
    result = _run(resource, rows, headers, dry_run=True, progress=NoProgress())
    return SheetImport.objects.create(
        kind=kind,
        file_name=file_name[:255],
        headers=headers,
        rows=rows,
        rows_total=len(rows),
        rows_done=len(rows),
        preview=_describe(resource, result, rows),
        error=_base_errors(result),
        uploaded_by=user,
    )


def _base_errors(result):
    """What went wrong outside any one row (a batch that could not be written), logged in
    full, told as one sentence."""
    if not result.base_errors:
        return ""
    for error in result.base_errors:
        logger.error("sheet import failed outside a row: %s\n%s", error.error, error.traceback)
    return _("Part of the sheet could not be checked; importing it would fail. Try again.")


def _check(sheet, progress):
    """The check job's work: read the stored file, preview every row, keep the rows and the
    preview on the sheet, and let the file go."""
    with sheet.file.open("rb") as stored:
        data = stored.read()
    headers, rows = sheets.parse(data, sheet.file_name)
    check_headers(sheet.kind, headers)
    resource = RESOURCES[sheet.kind](user=sheet.uploaded_by)
    result = _run(resource, rows, headers, dry_run=True, progress=progress)
    progress.close()  # before this transaction writes the sheet's row
    sheet.headers = headers
    sheet.rows = rows
    sheet.rows_total = sheet.rows_done = len(rows)
    sheet.preview = _describe(resource, result, rows)
    sheet.error = _base_errors(result)
    sheet.state = SheetImport.State.PREVIEWED
    _let_file_go(sheet)
    sheet.save()


def _let_file_go(sheet):
    """The rows are on the sheet's row now: the uploaded file is removed once that is
    committed (a file of people's names and addresses is not kept longer than needed)."""
    if sheet.file:
        name, storage = sheet.file.name, sheet.file.storage
        transaction.on_commit(lambda: storage.delete(name))
        sheet.file = ""


def check_job(*, sheet_id, municipality_id, language):
    """The body of the check job (tasks.check_sheet)."""
    with translation.override(language), Progress(sheet_id, municipality_id) as progress:
        try:
            with tenancy.municipality(municipality_id):
                sheet = SheetImport.objects.select_related("uploaded_by").get(pk=sheet_id)
                if sheet.state != SheetImport.State.CHECKING:
                    return  # checked already (a job run twice)
                _check(sheet, progress)
        except ValidationError as error:
            _failed(sheet_id, municipality_id, error.messages, state=SheetImport.State.FAILED)
        except Exception:
            _failed(
                sheet_id,
                municipality_id,
                [_("The sheet could not be checked because of an error in Byrum. Try again.")],
                state=SheetImport.State.FAILED,
            )
            raise


def _failed(sheet_id, municipality_id, messages, *, state):
    """After a job's transaction was rolled back: say why on the sheet, in a new one."""
    with tenancy.municipality(municipality_id):
        sheet = SheetImport.objects.get(pk=sheet_id)
        sheet.state = state
        sheet.error = " ".join(messages)
        sheet.rows_done = 0
        if state == SheetImport.State.FAILED:
            _let_file_go(sheet)
        sheet.save(update_fields=["state", "error", "rows_done", "file"])


# --- Confirming --------------------------------------------------------------------------------


def sheet_confirm(*, sheet, user, progress=None) -> SheetImport:
    """Write every good row, in one transaction: all of them or, if anything fails, none.
    Rows the preview refused are left out, as it said. A row that the preview accepted and
    that fails now (the records it names have changed since) refuses the whole import: the
    sheet stays previewed with the reason in ``error``, and a ValidationError says it. The
    history of each record changed names the import and who confirmed it."""
    if sheet.state not in (SheetImport.State.PREVIEWED, SheetImport.State.IMPORTING):
        raise ValidationError(_("This sheet has already been imported."))
    progress = progress or NoProgress()
    resource = RESOURCES[sheet.kind](user=user)
    try:
        with transaction.atomic(), pghistory.context(sheet_import=sheet.pk, user=user.pk):
            result = _run(resource, sheet.rows, sheet.headers, dry_run=False, progress=progress)
            done = _describe(resource, result, sheet.rows)
            _refuse_unless_as_previewed(sheet, done, result)
            progress.close()  # before this transaction writes the sheet's row
            sheet.preview = done
            sheet.state = SheetImport.State.IMPORTED
            sheet.imported_at = timezone.now()
            sheet.rows_done = sheet.rows_total = len(sheet.rows)
            sheet.error = ""
            sheet.result = sheet.counts()
            sheet.save(
                update_fields=[
                    "preview",
                    "state",
                    "imported_at",
                    "rows_done",
                    "rows_total",
                    "error",
                    "result",
                ]
            )
    except ValidationError as error:
        progress.close()
        sheet.state = SheetImport.State.PREVIEWED
        sheet.error = " ".join(error.messages)
        sheet.rows_done = 0
        sheet.save(update_fields=["state", "error", "rows_done"])
        raise
    return sheet


def _refuse_unless_as_previewed(sheet, now, result):
    """Raise (and so roll everything back) when a row the preview accepted is refused now,
    or when anything could not be written."""
    failed = [
        entry
        for entry, before in zip(now, sheet.preview, strict=True)
        if entry["type"] == "invalid" and before["type"] != "invalid"
    ]
    if not failed and not result.has_errors():
        return
    messages = [
        _("Row %(row)d: %(reason)s") % {"row": entry["row"], "reason": " ".join(entry["messages"])}
        for entry in failed[:REFUSED_ROWS_NAMED]
    ]
    if len(failed) > REFUSED_ROWS_NAMED:
        messages.append(
            _("… and %(count)d more rows.") % {"count": len(failed) - REFUSED_ROWS_NAMED}
        )
    if result.base_errors:
        _base_errors(result)
        messages.append(_("Part of the sheet could not be written."))
    messages.append(
        _(
            "Nothing was imported: the sheet no longer imports as its preview said. Correct it "
            "and upload it again, or try again."
        )
    )
    raise ValidationError(messages)


def sheet_confirm_later(*, sheet, user) -> SheetImport:
    """Confirm a large sheet: mark it as being imported and defer the import job in the
    caller's transaction. Only a previewed sheet can be (once)."""
    from .tasks import import_sheet

    claimed = SheetImport.objects.filter(pk=sheet.pk, state=SheetImport.State.PREVIEWED).update(
        state=SheetImport.State.IMPORTING, rows_done=0, error=""
    )
    if not claimed:
        raise ValidationError(_("This sheet has already been imported."))
    import_sheet.defer(
        sheet_id=sheet.pk,
        user_id=user.pk,
        municipality_id=tenancy.current(),
        language=translation.get_language(),
    )
    sheet.refresh_from_db(fields=["state", "rows_done", "error"])
    return sheet


def import_job(*, sheet_id, user_id, municipality_id, language):
    """The body of the import job (tasks.import_sheet)."""
    with translation.override(language), Progress(sheet_id, municipality_id) as progress:
        try:
            with tenancy.municipality(municipality_id):
                sheet = SheetImport.objects.get(pk=sheet_id)
                if sheet.state != SheetImport.State.IMPORTING:
                    return  # imported already (a job run twice)
                user = get_user_model().objects.get(pk=user_id)
                try:
                    sheet_confirm(sheet=sheet, user=user, progress=progress)
                except ValidationError:
                    pass  # refused: sheet_confirm kept the reason on the sheet
        except Exception:
            _failed(
                sheet_id,
                municipality_id,
                [
                    _(
                        "The import stopped because of an error in Byrum; nothing was saved. "
                        "Try again."
                    )
                ],
                state=SheetImport.State.PREVIEWED,
            )
            raise
