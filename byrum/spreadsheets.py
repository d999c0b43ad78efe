"""Cells for CSV and Excel files that a spreadsheet shows as text, never runs.

Every export (the incident exports, the council workbook, the access log) passes each cell
through ``cell()``: a text that a spreadsheet would read as a formula or a command (it begins
with =, +, -, @, a tab or a line break, also after spaces, or with their full-width forms)
gets a leading apostrophe, as OWASP's "CSV injection" advice has it. Numbers, dates and
empty cells are left as they are, so the figures stay figures.
"""

import csv
import datetime
import io
import zoneinfo

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def cell(value):
    """The value as a cell: lazy translations as text, formula-like text escaped."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_START):
        return "'" + value
    return value


def row(values):
    return [cell(value) for value in values]


# --- Writing a list as a CSV or XLSX download ---------------------------------------------
#
# An export is a title, the column headers and an iterable of rows::
#
#     return spreadsheet_response(
#         "csv", filename="opgaver", title=_("Action items"), header=[...], rows=rows()
#     )
#
# CSV is streamed (semicolon-separated UTF-8 with a byte-order mark: what Danish Excel opens
# directly); XLSX is written with openpyxl's write-only workbook, one row in memory at a time.
# Headers and rows are produced in Danish whatever the interface language; times are
# Copenhagen time; every text cell goes through cell().

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _local(value):
    """Aware datetimes in Copenhagen time, without the zone (spreadsheets have none)."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value, COPENHAGEN).replace(tzinfo=None)
    return value


def _csv_value(value):
    value = _local(value)
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    return cell(str(value)) if not isinstance(value, int | float) else value


class _Echo:
    def write(self, value):
        return value


def _danish(header, rows):
    """The header and rows, produced with Danish active (rows may be lazy)."""
    with translation.override("da"):
        yield [str(h) for h in header]
        yield from rows


def _filename(name, extension):
    return f"{name}-{timezone.localdate():%Y-%m-%d}.{extension}"


def csv_response(*, filename, header, rows):
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        yield "\ufeff"
        for row in _danish(header, rows):
            yield writer.writerow([_csv_value(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(filename, "csv")}"'
    return response


def _xlsx_cell(sheet, value):
    value = _local(value)
    if isinstance(value, str):
        return cell(value)
    if isinstance(value, datetime.datetime | datetime.date):
        written = WriteOnlyCell(sheet, value=value)
        written.number_format = (
            "dd-mm-yyyy hh:mm" if isinstance(value, datetime.datetime) else "dd-mm-yyyy"
        )
        return written
    return value


def xlsx_response(*, filename, title, header, rows):
    workbook = Workbook(write_only=True)
    with translation.override("da"):
        sheet = workbook.create_sheet(str(title)[:31])
    sheet.freeze_panes = "A2"
    lines = _danish(header, rows)
    bold = Font(bold=True)
    head = []
    for text in next(lines):
        written = WriteOnlyCell(sheet, value=cell(text))
        written.font = bold
        head.append(written)
    sheet.append(head)
    for row in lines:
        sheet.append([_xlsx_cell(sheet, v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(filename, "xlsx")}"'
    return response


def spreadsheet_response(fmt, *, filename, title, header, rows):
    """``fmt`` is "csv" or "xlsx" (from the URL); anything else is a 404."""
    if fmt == "csv":
        return csv_response(filename=filename, header=header, rows=rows)
    if fmt == "xlsx":
        return xlsx_response(filename=filename, title=title, header=header, rows=rows)
    raise Http404
