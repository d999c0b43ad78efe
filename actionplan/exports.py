"""The action plan's lists as spreadsheets (CSV and XLSX, the list's filters applied), through
the one shared writer and escape in byrum/spreadsheets.py."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from byrum.spreadsheets import spreadsheet_response


def _yes_no(value):
    return _("Yes") if value else _("No")


def _name(obj, attr="name"):
    return getattr(obj, attr) if obj is not None else ""


def action_items(items, fmt):
    """The action-item list: what, who, by when, status, where it came from."""
    header = [
        _("ID"),
        _("What"),
        _("Details"),
        _("Responsible person"),
        _("Responsible organisation"),
        _("Group"),
        _("Due date"),
        _("Status"),
        _("Overdue"),
        _("Source"),
        _("Initiative"),
        _("Done"),
        _("Created"),
    ]

    def rows():
        for item in items.iterator(chunk_size=1000):
            yield [
                item.pk,
                item.title,
                item.description,
                _name(item.responsible_person),
                _name(item.responsible_organisation),
                _name(item.group),
                item.due,
                item.get_status_display(),
                _yes_no(item.is_overdue()),
                item.get_source_display(),
                _name(item.initiative, "title"),
                item.done_on,
                item.created_at,
            ]

    return spreadsheet_response(
        fmt, filename="opgaver", title=_("Action items"), header=header, rows=rows()
    )


def initiatives(initiatives, fmt):
    """The initiative list with its budget and places."""
    header = [
        _("ID"),
        _("Title"),
        _("Plan"),
        _("Kind"),
        _("Track"),
        _("Status"),
        _("Citizen-driven"),
        _("Responsible organisation"),
        _("Responsible person"),
        _("Places"),
        _("Start"),
        _("End"),
        _("Budget allocated (DKK)"),
        _("Budget spent (DKK)"),
        _("Description"),
    ]

    def rows():
        # prefetch_related (the places) needs a chunk size to work with iterator().
        for initiative in initiatives.iterator(chunk_size=500):
            yield [
                initiative.pk,
                initiative.title,
                initiative.plan.title,
                initiative.get_kind_display(),
                initiative.get_track_display(),
                initiative.get_status_display(),
                _yes_no(initiative.citizen_driven),
                _name(initiative.responsible_organisation),
                _name(initiative.responsible_person),
                ", ".join(p.name for p in initiative.places.all()),
                initiative.start,
                initiative.end,
                initiative.budget_allocated,
                initiative.budget_spent,
                initiative.description,
            ]

    return spreadsheet_response(
        fmt, filename="indsatser", title=_("Initiatives"), header=header, rows=rows()
    )


def mediation_cases(cases, fmt):
    """The mediation log without names: the parties are roles, the note is kept free of names
    and health details where it is written (the form says so)."""
    header = [
        _("ID"),
        _("Date"),
        _("Plan"),
        _("Housing area"),
        _("Kind of conflict"),
        _("Parties (as roles)"),
        # With a context: a plain "Sessions" is Django's own (contrib.sessions, "Sessioner").
        pgettext("mediation", "Sessions"),
        _("Outcome"),
        _("Referred to outreach workers"),
        _("Initiative"),
        _("Note"),
        _("Created"),
    ]

    def rows():
        for case in cases.iterator(chunk_size=1000):
            yield [
                case.pk,
                case.date,
                case.plan.title,
                case.where,
                case.get_conflict_kind_display(),
                case.parties,
                case.sessions,
                case.get_outcome_display(),
                _yes_no(case.referred_to_outreach),
                _name(case.initiative, "title"),
                case.note,
                case.created_at,
            ]

    return spreadsheet_response(
        fmt, filename="konfliktmaegling", title=_("Mediation log"), header=header, rows=rows()
    )
