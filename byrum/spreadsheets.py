"""Cells for CSV and Excel files that a spreadsheet shows as text, never runs.

Every export (the incident exports, the council workbook, the access log) passes each cell
through ``cell()``: a text that a spreadsheet would read as a formula or a command (it begins
with =, +, -, @, a tab or a line break, also after spaces, or with their full-width forms)
gets a leading apostrophe, as OWASP's "CSV injection" advice has it. Numbers, dates and
empty cells are left as they are, so the figures stay figures.
"""

import csv
import datetime
import tempfile
import zoneinfo

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from . import tenancy

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


FORMULA_FIRST = frozenset(FORMULA_START) | {" "}


def cell(value):
    """The value as a cell: lazy translations as text, formula-like text escaped."""
    if isinstance(value, Promise):
        value = str(value)
    if (
        isinstance(value, str)
        and value[:1] in FORMULA_FIRST  # the quick test, for the million cells of an export
        and value.lstrip(" ").startswith(FORMULA_START)
    ):
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
# directly): the header goes out at once, the rows in chunks of about CHUNK_BYTES as they are
# read, so neither the server nor the first byte waits for the whole list. XLSX is written
# with openpyxl's write-only workbook, one row in memory at a time, to a temporary file that
# is then sent. Headers and rows are produced in Danish whatever the interface language;
# times are Copenhagen time; every text cell goes through cell(). ``write_csv`` and
# ``write_xlsx`` write the same files to a file object (the background exports).

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
CHUNK_BYTES = 32 * 1024


def _local(value):
    """Aware datetimes in Copenhagen time, without the zone (spreadsheets have none)."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value, COPENHAGEN).replace(tzinfo=None)
    return value


def _csv_value(value):
    # The commonest kinds first: this runs for every cell of an export.
    if isinstance(value, str):
        return cell(value)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(COPENHAGEN)
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%Y-%m-%d}"
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    return cell(str(value))


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


def csv_chunks(header, rows):
    """The CSV as text chunks: the byte-order mark and the header first, on their own."""
    writer = csv.writer(_Echo(), delimiter=";")
    lines = _danish(header, rows)
    yield "\ufeff" + writer.writerow([_csv_value(v) for v in next(lines)])
    chunk, size = [], 0
    for row in lines:
        line = writer.writerow([_csv_value(v) for v in row])
        chunk.append(line)
        size += len(line)
        if size >= CHUNK_BYTES:
            yield "".join(chunk)
            chunk, size = [], 0
    if chunk:
        yield "".join(chunk)


def in_request_municipality(chunks):
    """``chunks`` read in a transaction of its own with the request's municipality set.

    A streamed response is iterated after the view has returned, when the request's
    transaction (byrum.tenancy.TenantMiddleware) has ended: without this, row-level security
    would show its rows to nobody, and a queryset's ``iterator()`` would have no transaction
    to keep its server-side cursor in. Call it in the view (it reads the municipality then);
    the transaction ends with the last chunk, or when the client goes away (the server
    closes the response, and so the generator)."""
    municipality_id = tenancy.current()

    def read():
        with tenancy.municipality(municipality_id):
            yield from chunks

    return read()


def csv_response(*, filename, header, rows):
    response = StreamingHttpResponse(
        in_request_municipality(csv_chunks(header, rows)), content_type=CSV_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(filename, "csv")}"'
    return response


def write_csv(stream, *, header, rows):
    """Write the CSV to ``stream``, a binary file object."""
    for chunk in csv_chunks(header, rows):
        stream.write(chunk.encode("utf-8"))


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


def write_xlsx(stream, *, title, header, rows):
    """Write the workbook to ``stream``, a binary file object: openpyxl's write-only mode
    keeps one row in memory, the rest in its own temporary files until it zips them."""
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
    workbook.save(stream)


def xlsx_response(*, filename, title, header, rows):
    """Written whole before it is sent (a zip has its index at the end), to a temporary
    file, not to memory; the file is sent in blocks and goes away when the response is
    closed."""
    stream = tempfile.TemporaryFile()
    write_xlsx(stream, title=title, header=header, rows=rows)
    stream.seek(0)
    return FileResponse(
        stream,
        as_attachment=True,
        filename=_filename(filename, "xlsx"),
        content_type=XLSX_TYPE,
    )


def spreadsheet_response(fmt, *, filename, title, header, rows):
    """``fmt`` is "csv" or "xlsx" (from the URL); anything else is a 404."""
    if fmt == "csv":
        return csv_response(filename=filename, header=header, rows=rows)
    if fmt == "xlsx":
        return xlsx_response(filename=filename, title=title, header=header, rows=rows)
    raise Http404
