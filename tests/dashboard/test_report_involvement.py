"""The council report's and workbook's tables behind "Borgerinddragelse": activities and the
people who took part by kind, inputs by what became of them; every number on the report page
links to a list that shows the same number, and the workbook holds the same numbers."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from actionplan.selectors import involvement_breakdown
from tests.actionplan.factories import (
    ActionPlanFactory,
    InitiativeFactory,
    InvolvementActivityFactory,
    InvolvementInputFactory,
)
from tests.meetings.test_documents import pdf_pages

pytestmark = pytest.mark.django_db

ANSWERED = {"answer": "Svar givet", "answered_on": datetime.date(2018, 12, 14)}


@pytest.fixture
def plan():
    """Two open houses, a hearing and a workshop; five inputs of three kinds and four fates;
    and another plan's activity and input, which count nowhere."""
    plan = ActionPlanFactory(
        status="implementation",
        period_start=datetime.date(2000, 1, 1),
        period_end=datetime.date(2100, 1, 1),
    )
    first = InvolvementActivityFactory(plan=plan, residents=21, police=1, municipal_staff=3)
    InvolvementActivityFactory(plan=plan, residents=4, police=0, municipal_staff=1)
    hearing = InvolvementActivityFactory(
        plan=plan,
        kind="hearing",
        residents=0,
        business_owners=0,
        place_users=0,
        volunteers=2,
        police=1,
        municipal_staff=0,
    )
    InvolvementActivityFactory(plan=plan, kind="workshop", residents=7)
    initiative = InitiativeFactory(plan=plan)
    InvolvementInputFactory(activity=first, kind="proposal")
    InvolvementInputFactory(
        activity=first, kind="proposal", outcome="initiative", initiative=initiative, **ANSWERED
    )
    InvolvementInputFactory(activity=first, kind="concern", outcome="answered", **ANSWERED)
    InvolvementInputFactory(
        activity=hearing, kind="concern", outcome="declined", reason="Uden for planen", **ANSWERED
    )
    InvolvementInputFactory(activity=hearing, kind="praise")
    other = InvolvementActivityFactory(residents=100)
    InvolvementInputFactory(activity=other, kind="proposal")
    return plan


def _figures(html):
    """{key: (count, link)} of every number in the report's involvement tables."""
    pattern = re.compile(
        r'<a href="([^"]+)" data-figure-link="([\w-]+)"><span data-figure-count="\2">(\d+)</span>'
    )
    return {
        key: (int(count), url.replace("&amp;", "&")) for url, key, count in pattern.findall(html)
    }


def test_every_number_links_to_a_list_that_shows_it(clients, plan):
    html = clients.steering.get(reverse("dashboard_report"), {"plan": plan.pk}).content.decode()
    figures = _figures(html)
    # 7 kinds of activity and the total, each with 6 kinds of people and a total; 3 kinds of
    # input and the total, each with 5 outcomes and a total.
    assert len(figures) == 8 + 8 * 7 + 4 * 6
    expected = {
        "activities-open_house": 2,
        "activities-hearing": 1,
        "activities-workshop": 1,
        "activities-interview": 0,
        "activities-total": 4,
        "people-open_house-0": 25,  # residents
        "people-total-0": 32,
        "people-hearing-3": 2,  # volunteers and NGO staff
        "people-total-4": 3,  # police: 1 + 0 + 1 + the workshop's 1
        "people-open_house-total": 47 + 27,
        "inputs-proposal-0": 1,  # not answered yet
        "inputs-proposal-1": 1,  # taken into an initiative
        "inputs-concern-3": 1,  # answered
        "inputs-concern-4": 1,  # declined
        "inputs-praise-total": 1,
        "outcome-open": 2,
        "inputs-total": 5,
    }
    for key, count in expected.items():
        assert figures[key][0] == count, key
    for key, (count, url) in figures.items():
        listing = clients.steering.get(url)
        assert listing.status_code == 200, key
        if key.startswith("people-"):
            kind = key.rsplit("-", 1)[1]
            shown = (
                listing.context["people_total"]
                if kind == "total"
                else listing.context["people_by_kind"][int(kind)][1]
            )
        else:
            shown = listing.context["page_obj"].paginator.count
        assert shown == count, (key, url)
    # And the list says it, too: the people in total on the activity list's page.
    listing = clients.steering.get(figures["people-total-total"][1]).content.decode()
    assert f'data-people="total">{figures["people-total-total"][0]}<' in listing


def test_the_workbook_holds_the_same_numbers(clients, plan):
    response = clients.steering.get(reverse("dashboard_report_xlsx"), {"plan": plan.pk})
    workbook = load_workbook(io.BytesIO(response.content))
    summary = {row[0]: row[1:] for row in workbook["Borgerinddragelse"].iter_rows(values_only=True)}
    assert summary["Inddragelsesaktiviteter"] == (4, None)
    assert summary["Besvarede input"] == (3, 60)
    activities = list(workbook["Inddragelsesaktiviteter"].iter_rows(values_only=True))
    assert activities[0][:3] == ("Type aktivitet", "Aktiviteter", "Beboere")
    by_kind = {row[0]: row[1:] for row in activities[1:]}
    assert by_kind["Åbent hus"][:2] == (2, 25)
    assert by_kind["Høring"] == (1, 0, 0, 0, 2, 1, 0, 3)
    assert by_kind["I alt"][:2] == (4, 32)
    inputs = list(workbook["Input og udfald"].iter_rows(values_only=True))
    assert inputs[0] == (
        "Type input",
        "Ikke besvaret endnu",
        "Indgået i en indsats",
        "Indgået i en beslutning",
        "Besvaret",
        "Afvist",
        "I alt",
    )
    assert {row[0]: row[1:] for row in inputs[1:]} == {
        "Forslag": (1, 1, 0, 0, 0, 2),
        "Bekymring": (0, 0, 0, 1, 1, 2),
        "Ros": (1, 0, 0, 0, 0, 1),
        "I alt": (2, 1, 0, 1, 1, 5),
    }
    # Counted, never named: no activity's title nor input's text is in these sheets.
    texts = {
        value
        for name in ("Borgerinddragelse", "Inddragelsesaktiviteter", "Input og udfald")
        for row in workbook[name].iter_rows(values_only=True)
        for value in row
        if isinstance(value, str)
    }
    assert not [t for t in texts if t.startswith(("Åbent hus ", "Forslag "))]


def test_the_tables_take_two_queries_whatever_the_data(plan, django_assert_num_queries):
    with django_assert_num_queries(2):
        before = involvement_breakdown(plan)
    for kind in ("interview", "field_study", "dialogue_meeting"):
        activity = InvolvementActivityFactory(plan=plan, kind=kind)
        InvolvementInputFactory.create_batch(3, activity=activity, kind="praise")
    with django_assert_num_queries(2):
        after = involvement_breakdown(plan)
    assert after["activity_total"]["count"] == before["activity_total"]["count"] + 3
    assert after["input_total"]["count"] == before["input_total"]["count"] + 9


def test_the_report_pdf_has_the_tables_too(clients, plan):
    response = clients.steering.get(reverse("dashboard_report_pdf"), {"plan": plan.pk})
    _, pages = pdf_pages(response.content)
    words = "".join("".join(pages).split())  # pypdf may put spaces inside words
    for heading in (
        "Inddragelsesaktiviteter efter type, og hvem der deltog (antal, aldrig navne)",
        "Rejste input, og hvad de blev til",
    ):
        assert "".join(heading.split()) in words, heading
