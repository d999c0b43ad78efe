"""CSV and Excel exports of the incident list (DESIGN.md: /incidents/export.csv and .xlsx with
the list's filters applied). Column headers are Danish whatever the interface language, and
times are Copenhagen time, so a spreadsheet made from them reads the same for everyone."""

import csv
import io
import zoneinfo

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(text):
    """Text that a spreadsheet would run as a formula is written as plain text."""
    if isinstance(text, str) and text.startswith(FORMULA_START):
        return "'" + text
    return text


def _columns():
    return [
        _("ID"),
        _("Time"),
        _("Place"),
        _("City"),
        _("Category"),
        _("Severity"),
        _("People involved"),
        _("Police called"),
        _("Ambulance called"),
        _("Follow-up needed"),
        _("Follow-up status"),
        _("Short description"),
        _("Follow-up note"),
        _("Reported by"),
        _("Reported"),
    ]


def _rows(incidents):
    yes, no = _("Yes"), _("No")
    for incident in incidents.iterator(chunk_size=1000):
        reporter = incident.reported_by
        yield [
            incident.pk,
            timezone.localtime(incident.occurred_at, COPENHAGEN).replace(tzinfo=None),
            incident.place.name,
            incident.place.city,
            incident.get_category_display(),
            incident.get_severity_display(),
            incident.people_involved,
            yes if incident.police_called else no,
            yes if incident.ambulance_called else no,
            yes if incident.follow_up_needed else no,
            incident.get_status_display(),
            _safe(incident.description),
            _safe(incident.follow_up_note),
            _safe(reporter.get_full_name() or reporter.get_username()) if reporter else "",
            timezone.localtime(incident.created_at, COPENHAGEN).replace(tzinfo=None),
        ]


def _filename(extension):
    return f"haendelser-{timezone.localdate():%Y-%m-%d}.{extension}"


def as_csv(incidents):
    """Semicolon-separated UTF-8 with a byte-order mark: what Danish Excel opens directly."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    with translation.override("da"):
        writer.writerow(_columns())
        for row in _rows(incidents):
            writer.writerow(
                [
                    value.strftime("%Y-%m-%d %H:%M") if hasattr(value, "strftime") else value
                    for value in row
                ]
            )
    return response


def as_xlsx(incidents):
    workbook = Workbook()
    sheet = workbook.active
    with translation.override("da"):
        sheet.title = _("Incidents")
        sheet.append(_columns())
        for row in _rows(incidents):
            sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in ("B", "O"):
        for cell in sheet[column][1:]:
            cell.number_format = "dd-mm-yyyy hh:mm"
        sheet.column_dimensions[column].width = 17
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    return response
