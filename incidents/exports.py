"""CSV and Excel exports of the incident list (DESIGN.md: /incidents/export.csv and .xlsx with
the list's filters applied). Column headers are Danish whatever the interface language, and
times are Copenhagen time, so a spreadsheet made from them reads the same for everyone.

The files are written by byrum.spreadsheets: CSV streamed as the rows are read, XLSX with
openpyxl's write-only workbook. The rows are read as plain values (``values_list``) from a
server-side cursor, a chunk at a time, never as a list of model instances: a large export
costs the same memory as a small one. Above INCIDENT_EXPORT_BACKGROUND_ROWS rows an export
is written by a job instead (incidents/background_exports.py), from the same rows.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from byrum.spreadsheets import spreadsheet_response, write_csv, write_xlsx

from .models import IncidentCategory, IncidentSeverity, IncidentStatus

FORMATS = ("csv", "xlsx")
TITLE = gettext_lazy("Incidents")
FILENAME = "haendelser"
CHUNK_SIZE = 2000

# What each row reads, in one query: the incident, its place, its reporter.
FIELDS = (
    "pk",
    "occurred_at",
    "place__name",
    "place__city",
    "category",
    "severity",
    "people_involved",
    "police_called",
    "ambulance_called",
    "follow_up_needed",
    "status",
    "description",
    "follow_up_note",
    "reported_by__first_name",
    "reported_by__last_name",
    "reported_by__username",
    "created_at",
)

# The columns of a report's story (free text, follow-up note, reporter): only for users who
# see the detail (incidents.access.sees_incident_detail).
DETAIL_COLUMNS = {11, 12, 13}


def _only(values, detail):
    return values if detail else [v for i, v in enumerate(values) if i not in DETAIL_COLUMNS]


def header(detail=True):
    """The column headers, lazy: the writers make them Danish."""
    _ = gettext_lazy
    return _only(
        [
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
        ],
        detail,
    )


def rows(values, detail=True):
    """Spreadsheet rows from ``values`` (tuples of FIELDS); run with Danish active (the
    spreadsheet writers do), so the labels are Danish."""
    yes, no = _("Yes"), _("No")
    categories = {value: str(label) for value, label in IncidentCategory.choices}
    severities = {value: str(label) for value, label in IncidentSeverity.choices}
    statuses = {value: str(label) for value, label in IncidentStatus.choices}
    for (
        pk,
        occurred_at,
        place,
        city,
        category,
        severity,
        people_involved,
        police_called,
        ambulance_called,
        follow_up_needed,
        status,
        description,
        follow_up_note,
        first_name,
        last_name,
        username,
        created_at,
    ) in values:
        reporter = f"{first_name or ''} {last_name or ''}".strip() or username or ""
        yield _only(
            [
                pk,
                occurred_at,
                place,
                city,
                categories.get(category, category),
                severities.get(severity, severity),
                people_involved,
                yes if police_called else no,
                yes if ambulance_called else no,
                yes if follow_up_needed else no,
                statuses.get(status, status),
                description,
                follow_up_note,
                reporter,
                created_at,
            ],
            detail,
        )


def ordered(incidents):
    """The export's order: the list's, newest first."""
    return incidents.order_by("-occurred_at", "-pk")


def response(incidents, fmt, *, detail=True):
    """The export as a download: CSV streamed, XLSX written to a temporary file first."""
    values = ordered(incidents).values_list(*FIELDS).iterator(chunk_size=CHUNK_SIZE)
    return spreadsheet_response(
        fmt, filename=FILENAME, title=TITLE, header=header(detail), rows=rows(values, detail)
    )


def write(stream, fmt, values, *, detail=True):
    """The export written to ``stream`` (a binary file) from ``values`` (tuples of FIELDS)."""
    if fmt == "csv":
        write_csv(stream, header=header(detail), rows=rows(values, detail))
    else:
        write_xlsx(stream, title=TITLE, header=header(detail), rows=rows(values, detail))


def filename(fmt, day):
    return f"{FILENAME}-{day:%Y-%m-%d}.{fmt}"
