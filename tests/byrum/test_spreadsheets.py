"""The list exports (action items, initiatives, decisions, small jobs, safety-walk findings,
the mediation log): CSV and XLSX with the list's filters applied, and a formula typed into
any text field is written as text, never run (byrum/spreadsheets.py)."""

import datetime

import pytest
from django.urls import reverse

from byrum.spreadsheets import cell as escape_formula
from tests.actionplan.factories import (
    ActionItemFactory,
    InitiativeFactory,
    MediationCaseFactory,
    OrganisationFactory,
    PersonFactory,
    PlaceFactory,
)
from tests.incidents.factories import SmallJobFactory
from tests.incidents.test_list_and_exports import csv_rows, xlsx_rows
from tests.meetings.factories import AgendaItemFactory, DecisionFactory, FindingFactory

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://example.org","klik")'


def _world(people):
    """One record of each exported kind with a formula in every text field a person types."""
    organisation = OrganisationFactory(name="+Nordjyllands Politi")
    person = PersonFactory(name="-Karen", organisation=organisation)
    place = PlaceFactory(name="@Godsbanearealet", city="=Aalborg")
    initiative = InitiativeFactory(
        title=EVIL,
        description="+45 ringede",
        responsible_organisation=organisation,
        responsible_person=person,
        places=[place],
    )
    ActionItemFactory(
        title=EVIL,
        description="-2 bænke",
        responsible_person=person,
        responsible_organisation=organisation,
        group=people.local_group,
        initiative=initiative,
        source="initiative",
    )
    item = AgendaItemFactory(
        meeting__group=people.local_group,
        meeting__title="=møde",
        title="+punkt",
        meeting__state="minutes_approved",
    )
    decision = DecisionFactory(agenda_item=item, text=EVIL)
    decision.action_items.add(ActionItemFactory(title="@opgave"))
    FindingFactory(
        walk__group=people.local_group,
        walk__title="=vandring",
        walk__place=place,
        description=EVIL,
        action_item__title="-mørk sti",
        action_item__responsible_person=person,
    )
    SmallJobFactory(place=place, note=EVIL, initiative=initiative)
    MediationCaseFactory(
        plan=initiative.plan,
        initiative=initiative,
        area="=Godsbanearealet",
        parties=EVIL,
        note="-beboerne taler sammen igen",
    )


EXPORTS = [
    ("actionplan:action_export", "Opgaver"),
    ("actionplan:initiative_export", "Indsatser"),
    ("meetings:decision_export", "Beslutninger"),
    ("meetings:finding_export", "Fund fra tryghedsvandringer"),
    ("incidents:smalljob_export", "Småjobs"),
    ("actionplan:mediation_export", "Mæglingslog"),
]


def _text_cells(rows):
    return [v for row in rows[1:] for v in row if isinstance(v, str) and v]


@pytest.mark.parametrize("name, title", EXPORTS)
def test_no_text_cell_is_a_formula(clients, people, name, title):
    _world(people)
    for fmt, read in (("csv", csv_rows), ("xlsx", xlsx_rows)):
        response = clients.consultant.get(reverse(name, args=[fmt]))
        assert response.status_code == 200, (name, fmt)
        rows = read(response)
        assert len(rows) >= 2, (name, fmt)
        cells = _text_cells(rows)
        dangerous = [c for c in cells if c[:1] in "=+-@"]
        assert dangerous == [], (name, fmt)
        assert any(c.startswith("'") for c in cells), (name, fmt)  # escaped, still there


def test_the_headers_are_danish_and_dates_real(clients, people):
    ActionItemFactory(title="Ny lampe", due=datetime.date(2018, 12, 1), group=people.local_group)
    header, row = xlsx_rows(
        clients.consultant.get(reverse("actionplan:action_export", args=["xlsx"]))
    )
    assert header[:3] == ["ID", "Hvad", "Detaljer"] or header[1] == "Hvad"
    assert row[header.index("Frist")] == datetime.datetime(2018, 12, 1)
    header, row = csv_rows(
        clients.consultant.get(reverse("actionplan:action_export", args=["csv"]))
    )
    assert row[header.index("Frist")] == "2018-12-01"


def test_the_lists_filters_apply_to_the_export(clients):
    InitiativeFactory(title="Borgerdrevet", citizen_driven=True)
    InitiativeFactory(title="Kommunal")
    url = reverse("actionplan:initiative_export", args=["csv"])
    rows = csv_rows(clients.consultant.get(url, {"citizen_driven": "yes"}))
    assert [r[1] for r in rows[1:]] == ["Borgerdrevet"]


def test_the_export_is_scoped_like_the_list(clients, people):
    ActionItemFactory(title="Styregruppens opgave", group=people.steering_group)
    rows = csv_rows(clients.local.get(reverse("actionplan:action_export", args=["csv"])))
    assert rows[1:] == []


def test_an_unknown_format_is_not_found(clients):
    assert clients.consultant.get("/actions/export.pdf").status_code == 404


@pytest.mark.parametrize("value", ["=1+1", "+45", "-2", "@x", "\tx", "\rx"])
def test_escape_formula_makes_text(value):
    assert escape_formula(value) == "'" + value
    assert escape_formula(3) == 3 and escape_formula("ok") == "ok"
