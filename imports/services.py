"""The import's two steps: a preview that writes nothing, and a confirmation that writes
every good row in one transaction, recorded in history as the import's change."""

import pghistory
import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import SheetImport
from .resources import RESOURCES


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


def check_headers(kind, headers):
    missing = [h for h in RESOURCES[kind]().required_headers() if h not in headers]
    if missing:
        raise ValidationError(
            _("The sheet lacks the columns %(columns)s. Start from the template.")
            % {"columns": ", ".join(missing)}
        )


def sheet_preview(*, kind, file_name, headers, rows, user) -> SheetImport:
    """Read every row as it would be imported, inside a transaction that is rolled back,
    and keep the rows and what would happen to each. Nothing is written but the preview."""
    check_headers(kind, headers)
    resource = RESOURCES[kind](user=user)
    result = resource.import_data(
        _dataset(headers, rows), dry_run=True, raise_errors=False, use_transactions=True
    )
    return SheetImport.objects.create(
        kind=kind,
        file_name=file_name[:255],
        headers=headers,
        rows=rows,
        preview=_describe(resource, result, rows),
        uploaded_by=user,
    )


def sheet_confirm(*, sheet, user) -> SheetImport:
    """Write every good row, in one transaction: all of them or, if anything fails, none.
    Refused rows are left out, as the preview said. The history of each record changed
    names the import and who confirmed it."""
    if sheet.state != SheetImport.State.PREVIEWED:
        raise ValidationError(_("This sheet has already been imported."))
    resource = RESOURCES[sheet.kind](user=user)
    with transaction.atomic(), pghistory.context(sheet_import=sheet.pk, user=user.pk):
        result = resource.import_data(
            _dataset(sheet.headers, sheet.rows),
            dry_run=False,
            raise_errors=False,
            use_transactions=True,
        )
        if result.has_errors():
            raise ValidationError(_("The import failed and nothing was saved. Try again."))
        sheet.preview = _describe(resource, result, sheet.rows)
        sheet.state = SheetImport.State.IMPORTED
        sheet.imported_at = timezone.now()
        sheet.result = sheet.counts()
        sheet.save(update_fields=["preview", "state", "imported_at", "result"])
    return sheet
