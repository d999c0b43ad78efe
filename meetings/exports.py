"""Decisions and safety-walk findings as spreadsheets (CSV and XLSX, the list's filters
applied), through the shared writer and escape in byrum/spreadsheets.py."""

from django.utils.translation import gettext as _

from byrum.spreadsheets import spreadsheet_response


def _name(obj, attr="name"):
    return getattr(obj, attr) if obj is not None else ""


def decisions(decisions, fmt):
    """The decision register: when, which group and meeting, the decision and its action
    items."""
    header = [
        _("ID"),
        _("Meeting date"),
        _("Group"),
        _("Meeting"),
        _("Agenda item"),
        _("Decision"),
        _("Action items"),
    ]

    def rows():
        for decision in decisions.iterator(chunk_size=500):
            meeting = decision.agenda_item.meeting
            yield [
                decision.pk,
                meeting.start,
                meeting.group.name,
                meeting.title,
                decision.agenda_item.title,
                decision.text,
                "; ".join(item.title for item in decision.action_items.all()),
            ]

    return spreadsheet_response(
        fmt, filename="beslutninger", title=_("Decisions"), header=header, rows=rows()
    )


def findings(findings, fmt):
    """Safety-walk findings: the walk, the condition and spot, and its action item's
    responsible party, due date and status."""
    header = [
        _("ID"),
        _("Safety walk"),
        _("Walk date"),
        _("Where"),
        _("Condition"),
        _("Finding"),
        _("Description"),
        _("Latitude"),
        _("Longitude"),
        _("Responsible person"),
        _("Responsible organisation"),
        _("Due date"),
        _("Status"),
    ]

    def rows():
        for finding in findings.iterator(chunk_size=1000):
            item = finding.action_item
            yield [
                finding.pk,
                finding.walk.title,
                finding.walk.date,
                finding.walk.where,
                finding.get_condition_display(),
                item.title,
                finding.description,
                float(finding.latitude),
                float(finding.longitude),
                _name(item.responsible_person),
                _name(item.responsible_organisation),
                item.due,
                item.get_status_display(),
            ]

    return spreadsheet_response(
        fmt, filename="fund", title=_("Safety-walk findings"), header=header, rows=rows()
    )
