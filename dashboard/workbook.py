"""The report to the city council as an Excel workbook: the figures of dashboard.figures, one
sheet per section, Danish headers."""

import io

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from byrum.spreadsheets import row as spreadsheet_row


def _sheet(workbook, title, headers, rows):
    sheet = workbook.create_sheet(title[:31])
    sheet.append(spreadsheet_row(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(spreadsheet_row(row))
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)
    return sheet


def build(plan, period, figures):
    workbook = Workbook()
    workbook.remove(workbook.active)
    with translation.override("da"):
        summary = figures["budget"]["summary"]
        area = figures["area"]
        leader = area["project_leader"]
        _sheet(
            workbook,
            _("Plan status"),
            [_("Field"), _("Value")],
            [
                (_("Action plan"), plan.title),
                (_("Municipality"), plan.municipality.name),
                (_("Status"), plan.get_status_display()),
                (_("Plan period"), f"{plan.period_start:%d-%m-%Y} – {plan.period_end:%d-%m-%Y}"),
                (_("Project leader"), leader.name if leader else ""),
                (_("Consultants"), ", ".join(p.name for p in area["consultants"])),
                (_("The plan's places"), ", ".join(p.name for p in area["places"])),
                (
                    _("Report period"),
                    f"{period.first_monday:%d-%m-%Y} – {period.last_sunday:%d-%m-%Y}",
                ),
                (_("Number of weeks"), period.weeks),
            ],
        )
        _sheet(
            workbook,
            _("Goals"),
            [
                _("Track"),
                _("Goal"),
                _("Success criteria"),
                _("Latest status"),
                _("Assessed on"),
                _("Note"),
            ],
            [
                (
                    goal.get_track_display(),
                    goal.text,
                    goal.success_criteria,
                    goal.latest_assessment.get_status_display() if goal.latest_assessment else "",
                    goal.latest_assessment.date if goal.latest_assessment else None,
                    goal.latest_assessment.note if goal.latest_assessment else "",
                )
                for goal in figures["goal_list"]
            ],
        )
        _sheet(
            workbook,
            _("Initiatives"),
            [
                _("Initiative"),
                _("Track"),
                _("Status"),
                _("Responsible organisation"),
                _("Latest update"),
                _("Allocated (DKK)"),
                _("Spent (DKK)"),
            ],
            [
                (
                    i.title,
                    i.get_track_display(),
                    i.get_status_display(),
                    str(i.responsible_organisation or ""),
                    i.last_update,
                    i.budget_allocated,
                    i.budget_spent,
                )
                for i in figures["initiative_list"]
            ],
        )
        _sheet(
            workbook,
            _("Budget"),
            [_("Item"), _("Amount (DKK)")],
            [
                (_("Plan budget"), summary.budget),
                (_("Allocated"), summary.allocated),
                (_("Spent"), summary.spent),
                (_("Remaining"), summary.remaining),
            ],
        )
        _sheet(
            workbook,
            _("Incidents per week"),
            [
                _("Week"),
                # With a context: a plain "Monday" would also translate Django's own weekday
                # names, and every Monday on every page would read "Mandag" among lower case.
                pgettext("workbook column: the week's first day", "Monday"),
                _("Incidents"),
                _("Same week, previous period"),
                _("Incidents, previous period"),
            ],
            [
                (
                    w["monday"].isocalendar()[1],
                    w["monday"],
                    w["count"],
                    w["previous_monday"].isocalendar()[1],
                    w["previous"],
                )
                for w in figures["incident_weeks"]["weeks"]
            ],
        )
        now, before = figures["incident_totals"]["now"], figures["incident_totals"]["before"]
        _sheet(
            workbook,
            _("Incidents in total"),
            [_("Figure"), _("This period"), _("Previous period")],
            [
                (_("Incidents"), now["total"], before["total"]),
                (_("Good contacts"), now["good_contact"], before["good_contact"]),
                (_("De-escalations"), now["de_escalation"], before["de_escalation"]),
                (_("Share positive (%)"), now["positive_share"], before["positive_share"]),
                (_("Police called"), now["police"], before["police"]),
                (_("Ambulance called"), now["ambulance"], before["ambulance"]),
            ],
        )
        _sheet(
            workbook,
            _("Incidents per category"),
            [_("Category"), _("This period"), _("Previous period")],
            [(c["label"], c["count"], c["previous"]) for c in figures["categories"]],
        )
        place_weeks = figures["place_weeks"]
        _sheet(
            workbook,
            _("Incidents per place"),
            [_("Place"), _("City")]
            + [_("Week %(week)s") % {"week": m.isocalendar()[1]} for m in place_weeks["mondays"]]
            + [_("This period"), _("Previous period")],
            [
                [p["name"], p["city"]]
                + [c["count"] for c in p["cells"]]
                + [p["total"], p["previous"]]
                for p in place_weeks["places"]
            ]
            + (
                [
                    [
                        ngettext(
                            "%(count)s more place", "%(count)s more places", place_weeks["more"]
                        )
                        % {"count": place_weeks["more"]}
                    ]
                ]
                if place_weeks["more"]
                else []
            ),
        )
        jobs = figures["small_jobs"]
        _sheet(
            workbook,
            _("Small jobs"),
            [_("Place"), _("Jobs"), _("Hours"), _("Participants")],
            [(p["name"], p["count"], float(p["hours"]), p["participants"]) for p in jobs["places"]]
            + (
                [
                    [
                        ngettext("%(count)s more place", "%(count)s more places", jobs["more"])
                        % {"count": jobs["more"]}
                    ]
                ]
                if jobs["more"]
                else []
            )
            + [(_("In total"), jobs["count"], float(jobs["hours"]), jobs["participants"])],
        )
        _sheet(
            workbook,
            _("Overdue action items"),
            [_("Group or organisation"), _("Kind"), _("Overdue")],
            [(r["name"], _("Group"), r["count"]) for r in figures["overdue"]["by_group"]]
            + [
                (r["name"], _("Organisation"), r["count"])
                for r in figures["overdue"]["by_organisation"]
            ],
        )
        _sheet(
            workbook,
            _("Decisions"),
            [_("Meeting date"), _("Group"), _("Meeting"), _("Decision")],
            [
                (
                    timezone.localtime(d.agenda_item.meeting.start).date(),
                    str(d.agenda_item.meeting.group),
                    d.agenda_item.meeting.title,
                    d.text,
                )
                for d in figures["decisions"]
            ],
        )
        _sheet(
            workbook,
            _("Evaluation"),
            [_("Evaluation point"), _("Date"), _("Status"), _("Note")],
            [
                (a.get_point_display(), a.date, a.get_status_display(), a.note)
                for a in figures["evaluation"]
            ],
        )
        _involvement_sheets(workbook, figures["involvement"], figures["involvement_breakdown"])
    return workbook


def _involvement_sheets(workbook, involvement, breakdown):
    """The evaluation point "Borgerinddragelse": its figures, the activities and the people
    who took part by kind (numbers, never names), and the inputs by what became of them."""
    _sheet(
        workbook,
        _("Citizen involvement"),
        [_("Figure"), _("Number"), _("Share of the inputs (%)")],
        [(f.label, f.count, f.share) for f in involvement["figures"]],
    )
    total = breakdown["activity_total"]
    _sheet(
        workbook,
        _("Involvement activities"),
        [_("Kind of activity"), _("Activities"), *breakdown["participant_kinds"]]
        + [_("People in total")],
        [
            (row["label"], row["count"], *row["people"], row["people_total"])
            for row in breakdown["activities"]
        ]
        + [(_("Total"), total["count"], *total["people"], total["people_total"])],
    )
    _sheet(
        workbook,
        _("Inputs and outcomes"),
        [_("Kind of input"), *(o["label"] for o in breakdown["outcomes"]), _("Total")],
        [
            (row["label"], *(c["count"] for c in row["cells"]), row["total"])
            for row in breakdown["inputs"]
        ]
        + [
            (
                _("Total"),
                *(o["count"] for o in breakdown["outcomes"]),
                breakdown["input_total"]["count"],
            )
        ],
    )


def as_response(plan, period, figures):
    buffer = io.BytesIO()
    build(plan, period, figures).save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"byrum-rapport-{period.first_monday:%Y-%m-%d}-{period.last_sunday:%Y-%m-%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
