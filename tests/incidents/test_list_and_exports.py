"""The incident list for consultants and the steering group, its filters, and the exports."""

import csv
import datetime
import io
import zoneinfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.actionplan.factories import UserFactory
from tests.budgets import REQUEST_OVERHEAD

from .conftest import queries
from .factories import IncidentFactory

LIST = reverse("incidents:list")
CSV = reverse("incidents:export_csv")
XLSX = reverse("incidents:export_xlsx")
CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")


def csv_rows(response):
    text = response.getvalue().decode("utf-8")  # streamed or not
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def listed(response):
    return {incident.pk for incident in response.context["page_obj"].object_list}


def test_consultants_and_the_steering_group_see_every_incident(clients, caretaker_world):
    everything = {
        caretaker_world.at_my_place.pk,
        caretaker_world.elsewhere.pk,
        caretaker_world.own.pk,
    }
    assert listed(clients.consultant.get(LIST)) == everything
    assert listed(clients.steering.get(LIST)) == everything


def test_a_caretaker_sees_their_own_and_those_at_their_places(clients, caretaker_world):
    assert listed(clients.caretaker.get(LIST)) == {
        caretaker_world.at_my_place.pk,
        caretaker_world.own.pk,
    }


@pytest.mark.parametrize("persona", ["local", "outsider"])
def test_group_members_and_outsiders_see_no_incident_anywhere(clients, caretaker_world, persona):
    client = getattr(clients, persona)
    for url in (LIST, CSV, XLSX, LIST + "?q=skænderi"):
        assert client.get(url).status_code == 403
    assert client.get(caretaker_world.own.get_absolute_url()).status_code == 404
    home = client.get("/").content.decode()
    assert LIST not in home  # not even a link in the navigation


def test_the_caretakers_export_holds_only_what_they_may_see(clients, caretaker_world):
    rows = csv_rows(clients.caretaker.get(CSV))
    ids = {int(row[0]) for row in rows[1:]}
    assert ids == {caretaker_world.at_my_place.pk, caretaker_world.own.pk}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("category=violence", {"violence"}),
        ("severity=3", {"violence"}),
        ("police_called=true", {"violence"}),
        ("police_called=false", {"waste", "good_contact"}),
        ("follow_up_needed=true", {"violence", "waste"}),
        ("status=open", {"violence"}),
        ("status=handled", {"waste", "good_contact"}),
        ("date_from=2025-03-02&date_to=2025-03-02", {"waste"}),
        ("date_from=2025-03-03", {"good_contact"}),
        ("q=flaskerne", {"waste"}),  # Danish stemming: "flaskerne" finds "flasker"
        ("q=bænk", {"violence"}),
        ("q=Kildeparken", {"good_contact"}),
    ],
)
def test_the_filters_narrow_the_list_and_the_exports(clients, places, query, expected):
    march_1 = datetime.datetime(2025, 3, 1, 22, 30, tzinfo=CPH)
    IncidentFactory(
        place=places.klostertorvet,
        category="violence",
        severity=3,
        police_called=True,
        follow_up_needed=True,
        status="open",
        occurred_at=march_1,
        description="Slagsmål ved bænken",
    )
    IncidentFactory(
        place=places.arkivpladsen,
        category="waste",
        follow_up_needed=True,
        status="handled",
        occurred_at=march_1 + datetime.timedelta(hours=3),  # 01:30 on 2 March in Copenhagen
        description="Mange flasker efterladt",
    )
    IncidentFactory(
        place=places.kildeparken,
        category="good_contact",
        status="handled",
        occurred_at=march_1 + datetime.timedelta(days=2),
        description="God snak",
    )
    listing = clients.consultant.get(f"{LIST}?{query}")
    assert {i.category for i in listing.context["page_obj"].object_list} == expected
    rows = csv_rows(clients.consultant.get(f"{CSV}?{query}"))
    assert len(rows) - 1 == len(expected)
    assert len(xlsx_rows(clients.consultant.get(f"{XLSX}?{query}"))) - 1 == len(expected)


def test_the_place_and_reporter_filters(clients, caretaker_world, places):
    by_place = clients.consultant.get(f"{LIST}?place={places.kildeparken.pk}")
    assert listed(by_place) == {caretaker_world.elsewhere.pk}
    by_reporter = clients.consultant.get(f"{LIST}?reporter={caretaker_world.caretaker.pk}")
    assert listed(by_reporter) == {caretaker_world.own.pk}


def test_a_bad_filter_is_shown_in_danish_and_the_export_refuses_it(clients, caretaker_world):
    response = clients.consultant.get(f"{LIST}?date_from=i-morgen&category=krig")
    html = response.content.decode()
    assert "Indtast en gyldig dato." in html
    assert "Marker en gyldig valgmulighed" in html
    assert 'value="i-morgen"' in html
    assert clients.consultant.get(f"{CSV}?date_from=i-morgen").status_code == 400


def test_the_csv_has_danish_headers_and_copenhagen_times(clients, places):
    clients.consultant.post(reverse("set_language"), {"language": "en", "next": "/"})
    IncidentFactory(
        place=places.klostertorvet,
        category="urination",
        severity=2,
        people_involved=3,
        ambulance_called=True,
        occurred_at=datetime.datetime(2025, 1, 15, 23, 30, tzinfo=datetime.UTC),
        description='=HYPERLINK("http://example.org")',
        reported_by=UserFactory(username="kasper", first_name="Kasper", last_name="Holm"),
    )
    response = clients.consultant.get(CSV)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="haendelser-')
    header, row = csv_rows(response)
    assert header[:7] == [
        "ID",
        "Tidspunkt",
        "Sted",
        "By",
        "Kategori",
        "Alvor",
        "Antal involverede",
    ]
    assert header[7:11] == [
        "Politi tilkaldt",
        "Ambulance tilkaldt",
        "Opfølgning nødvendig",
        "Opfølgningsstatus",
    ]
    assert row[1] == "2025-01-16 00:30"  # 23:30 UTC is half past midnight in Copenhagen
    assert row[2:9] == ["Klostertorvet", "Aarhus", "Urinering / toilet", "Middel", "3", "Nej", "Ja"]
    assert row[11] == '\'=HYPERLINK("http://example.org")'  # never a formula
    assert row[13] == "Kasper Holm"


def test_the_excel_export_has_danish_headers_and_real_dates(clients, places):
    IncidentFactory(
        place=places.klostertorvet,
        occurred_at=datetime.datetime(2025, 7, 1, 12, 0, tzinfo=datetime.UTC),
        description="+45 ringede",
    )
    response = clients.consultant.get(XLSX)
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    header, row = xlsx_rows(response)
    assert header[1] == "Tidspunkt" and header[4] == "Kategori"
    assert row[1] == datetime.datetime(2025, 7, 1, 14, 0)  # summer time in Copenhagen
    assert row[4] == "Intern konflikt"
    assert row[11] == "'+45 ringede"


@pytest.mark.parametrize("url", [LIST, CSV, XLSX])
def test_the_list_and_exports_run_the_same_queries_for_1_or_12_incidents(
    clients, places, url, django_assert_max_num_queries
):
    IncidentFactory(place=places.klostertorvet)
    few = queries(clients.consultant, url)
    for _ in range(11):
        IncidentFactory(place=places.arkivpladsen, reported_by=UserFactory())
    assert queries(clients.consultant, url) == few
    # the request overhead, the rows (+ the plans' and places' filter choices on
    # the list, whose first page holds every row: no count), and the access-log row (one
    # INSERT; exports read the ids once more)
    with django_assert_max_num_queries(REQUEST_OVERHEAD + 5):
        clients.consultant.get(url)


def test_an_empty_filter_form_as_the_browser_sends_it_lists_everything(clients, caretaker_world):
    caretaker_world.own.police_called = True
    caretaker_world.own.save()
    empty = (
        "q=&place=&category=&severity=&date_from=&date_to=&reporter=&police_called="
        "&follow_up_needed=&status="
    )
    assert len(listed(clients.consultant.get(f"{LIST}?{empty}"))) == 3
    html = clients.consultant.get(LIST).content.decode()
    assert '<option value="" selected>Alle</option>' in html


def test_the_reporter_filter_offers_only_reporters_whose_reports_the_user_sees(
    clients, caretaker_world, places
):
    stranger = UserFactory(username="fremmed", first_name="Mette", last_name="Skov")
    IncidentFactory(place=places.kildeparken, reported_by=stranger)

    def offered(client, typed):
        return {row["text"] for row in client.get(f"/suggest/reporter/?q={typed}").json()}

    assert offered(clients.caretaker, "mette") == set()
    assert offered(clients.caretaker, "jonas") == {"Jonas"}  # reported at the caretaker's place
    assert offered(clients.consultant, "mette") == {"Mette Skov"}
    assert offered(clients.consultant, "skov") == {"Mette Skov"}
    # Typed whole without JavaScript: the caretaker cannot pick her either.
    typed = clients.caretaker.get(LIST, {"reporter": "Mette Skov"})
    assert typed.context["filter"].form.errors["reporter"] == ["Ingen passer til »Mette Skov«."]
    assert (
        clients.consultant.get(LIST, {"reporter": "Mette Skov"})
        .context["filter"]
        .form.cleaned_data["reporter"]
        == stranger
    )
    refused = clients.caretaker.get(f"{LIST}?reporter={stranger.pk}")
    assert "Marker en gyldig valgmulighed" in refused.content.decode()
