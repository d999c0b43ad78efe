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
    sheet = book.worksheets[0]
    return [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def _csv(data):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def read(upload):
    """(headers, rows): the first row as the column headers, every following non-empty row
    as a dict by header. A ValidationError in Danish for a file that cannot be read."""
    if upload.size > MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."))
    data = upload.read()
    name = upload.name.lower()
    if name.endswith(".xlsx") or data[:2] == b"PK":
        table = _xlsx(data)
    elif name.endswith((".csv", ".txt")):
        table = _csv(data)
    else:
        raise ValidationError(_("Upload an Excel workbook (.xlsx) or a CSV file."))
    table = [row for row in table if any(str(cell).strip() for cell in row)]
    if not table:
        raise ValidationError(_("The sheet is empty."))
    headers = [str(h).strip() for h in table[0]]
    rows = [
        {header: (row[i] if i < len(row) else "") for i, header in enumerate(headers) if header}
        for row in table[1:]
    ]
    if not rows:
        raise ValidationError(_("The sheet has column headers but no rows."))
    if len(rows) > MAX_ROWS:
        raise ValidationError(
            _("The sheet has %(count)d rows; at most %(max)d can be imported at a time.")
            % {"count": len(rows), "max": MAX_ROWS}
        )
    return headers, rows
