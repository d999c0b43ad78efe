"""Reading an uploaded sheet: XLSX, or CSV with semicolons or commas, UTF-8 with or without
a byte-order mark (or Windows-1252, as older Excel saves it)."""

import csv
import datetime
import io

import openpyxl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx(data):
    try:
        # Formulas as written (not their cached values), so that a formula is seen and refused.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise ValidationError(
            _("The file could not be read as an Excel workbook (.xlsx).")
        ) from None
    for row in book.worksheets[0].iter_rows(values_only=True):
        yield [_cell(v) for v in row]


def _csv(data):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    return csv.reader(io.StringIO(text), delimiter=delimiter)


def _table(data, name):
    """The sheet's rows as lists of text, read as they are asked for."""
    name = name.lower()
    if name.endswith(".xlsx") or data[:2] == b"PK":
        return _xlsx(data)
    if name.endswith((".csv", ".txt")):
        return _csv(data)
    raise ValidationError(_("Upload an Excel workbook (.xlsx) or a CSV file."))


def parse(data, name, *, limit=None):
    """(headers, rows) of a sheet's bytes: the first non-empty row as the column headers,
    every following non-empty row as a dict by header. A ValidationError in Danish for a
    file that cannot be read. With ``limit``, at most ``limit + 1`` rows are read: enough to
    tell a sheet for a background job (more than ``limit`` rows) from one read at once."""
    if len(data) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."))
    table = (row for row in _table(data, name) if any(str(cell).strip() for cell in row))
    headers = next(table, None)
    if headers is None:
        raise ValidationError(_("The sheet is empty."))
    headers = [str(h).strip() for h in headers]
    rows = []
    enough = MAX_ROWS if limit is None else min(limit, MAX_ROWS)
    for row in table:
        rows.append(
            {header: (row[i] if i < len(row) else "") for i, header in enumerate(headers) if header}
        )
        if len(rows) > enough:
            break
    if not rows:
        raise ValidationError(_("The sheet has column headers but no rows."))
    if len(rows) > MAX_ROWS:
        raise ValidationError(
            _("The sheet has more than %(max)d rows; at most %(max)d can be imported at a time.")
            % {"max": MAX_ROWS}
        )
    return headers, rows


def read(upload, *, limit=None):
    """(headers, rows) of an uploaded file (see ``parse``)."""
    if upload.size > MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."))
    upload.seek(0)
    return parse(upload.read(), upload.name, limit=limit)
