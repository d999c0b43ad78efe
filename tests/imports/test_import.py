"""Moving in: sheets of organisations, people, members, places and open action items,
previewed row by row, confirmed in one transaction, repeatable."""

import datetime
import html

import pytest
from pghistory.models import Events

from actionplan.models import ActionItem
from governance.models import Membership, Organisation, Person
from imports.models import SheetImport
from places.models import Place
from tests.actionplan.factories import OrganisationFactory, PersonFactory
from tests.imports.helpers import MEMBER_HEADERS, confirm, csv_file, read_xlsx, upload, xlsx

pytestmark = pytest.mark.django_db

ORG_HEADERS = ["Navn", "Type", "Beskrivelse", "Hjemmeside"]


def _preview(client, url):
    sheet = SheetImport.objects.get(pk=int(url.rstrip("/").rsplit("/", 1)[-1]))
    return sheet, html.unescape(client.get(url).content.decode())


def test_a_good_organisation_sheet_is_previewed_then_imported_once(clients, people):
    sheet_file = xlsx(
        ORG_HEADERS,
        ["Kirkens Korshær", "Frivillig organisation", "Varmestue", "https://kk.example.dk"],
        ["Nordjyllands Politi", "Politi", "", ""],
    )
    url = upload(clients.consultant, "organisations", sheet_file)
    sheet, page = _preview(clients.consultant, url)
    # Nothing is written before the confirmation.
    assert not Organisation.objects.filter(name="Kirkens Korshær").exists()
    assert sheet.counts() == {"new": 2, "update": 0, "skip": 0, "invalid": 0}
    assert "Intet er gemt endnu" in page

    confirm(clients.consultant, url)
    kk = Organisation.objects.get(name="Kirkens Korshær")
    assert (kk.kind, kk.description, kk.website) == ("ngo", "Varmestue", "https://kk.example.dk")
    assert Organisation.objects.get(name="Nordjyllands Politi").kind == "police"
    sheet.refresh_from_db()
    assert sheet.state == "imported"

    # The same sheet again changes nothing.
    again = xlsx(
        ORG_HEADERS,
        ["Kirkens Korshær", "Frivillig organisation", "Varmestue", "https://kk.example.dk"],
        ["Nordjyllands Politi", "Politi", "", ""],
    )
    url = upload(clients.consultant, "organisations", again)
    sheet, _page = _preview(clients.consultant, url)
    assert sheet.counts() == {"new": 0, "update": 0, "skip": 2, "invalid": 0}
    before = Events.objects.count()
    confirm(clients.consultant, url)
    assert Events.objects.count() == before
    assert Organisation.objects.filter(name__iexact="kirkens korshær").count() == 1


def test_a_changed_row_updates_the_record_and_history_names_the_import(clients, people):
    OrganisationFactory(name="Kirkens Korshær", kind="ngo")
    person = PersonFactory(name="Mette Holm", email="mette@example.dk", phone="11111111")
    url = upload(
        clients.consultant,
        "people",
        xlsx(
            ["Navn", "Organisation", "Titel", "E-mail", "Telefon"],
            ["Mette Holm", "Kirkens Korshær", "Leder", "METTE@example.dk", "22 22 22 22"],
        ),
    )
    sheet, _page = _preview(clients.consultant, url)
    assert sheet.counts()["update"] == 1
    confirm(clients.consultant, url)
    person.refresh_from_db()
    assert (person.phone, person.title, person.organisation.name) == (
        "22 22 22 22",
        "Leder",
        "Kirkens Korshær",
    )
    event = Events.objects.get(
        pgh_obj_model="governance.Person", pgh_obj_id=person.pk, pgh_label="update"
    )
    assert event.pgh_context["sheet_import"] == sheet.pk
    assert event.pgh_context["user"] == people.users["consultant"].pk


def test_every_kind_of_bad_row_is_refused_with_a_danish_reason_and_the_good_ones_kept(
    clients, people
):
    OrganisationFactory(name="Kirkens Korshær", kind="ngo")
    url = upload(
        clients.consultant,
        "members",
        xlsx(
            MEMBER_HEADERS,
            [
                "Styregruppen",
                "God Række",
                "Kirkens Korshær",
                "",
                "god@example.dk",
                "",
                "Medlem",
                "01.02.2026",
            ],
            [
                "Styregruppen",
                "Ukendt Org",
                "Kirkens Korshaer",
                "",
                "a@example.dk",
                "",
                "Medlem",
                "",
            ],
            ["Styregrupen", "Forkert Gruppe", "", "", "b@example.dk", "", "Medlem", ""],
            ["Styregruppen", "Dårlig Dato", "", "", "c@example.dk", "", "Medlem", "31.02.2026"],
            ["Styregruppen", "God Række", "", "", "god@example.dk", "", "Medlem", ""],
            ["Styregruppen", "X" * 250, "", "", "d@example.dk", "", "Medlem", ""],
            [
                "Styregruppen",
                '=HYPERLINK("http://evil.example")',
                "",
                "",
                "e@example.dk",
                "",
                "Medlem",
                "",
            ],
            ["Styregruppen", "Ny Rolle", "", "", "f@example.dk", "", "Kasserer", ""],
        ),
    )
    sheet, page = _preview(clients.consultant, url)
    assert sheet.counts() == {"new": 1, "update": 0, "skip": 0, "invalid": 7}
    assert (
        "Række 3: Organisation: ukendt organisation 'Kirkens Korshaer' – mente du "
        "'Kirkens Korshær'?" in page
    )
    assert "Række 4: Gruppe: ukendt gruppe 'Styregrupen' – mente du 'Styregruppen'?" in page
    assert "Række 5: Startdato: '31.02.2026' er ikke en dato" in page
    assert "Samme post som række 2" in page
    assert "Navn er for lang: 250 tegn, højst 200." in page
    assert "ligner en regnearksformel" in page
    assert "Række 9: Rolle: 'Kasserer' er ikke en af Formand" in page

    confirm(clients.consultant, url)
    assert Membership.objects.filter(person__email="god@example.dk").count() == 1
    assert not Person.objects.filter(email__in=["a@example.dk", "b@example.dk"]).exists()


def test_a_personal_identity_number_in_a_free_text_cell_is_refused(clients, people):
    url = upload(
        clients.consultant,
        "actions",
        xlsx(
            ["Opgave", "Ansvarlig person", "Ansvarlig organisation", "Gruppe", "Frist", "Status"],
            ["Ring til Ole 120356-1234 om nøglen", "", "", "Styregruppen", "", ""],
            ["Ring til Ole 1203561234 om nøglen", "", "", "Styregruppen", "", ""],
        ),
    )
    sheet, page = _preview(clients.consultant, url)
    assert sheet.counts()["invalid"] == 2
    assert "CPR" in page
    confirm(clients.consultant, url)
    assert not ActionItem.objects.filter(title__contains="Ole").exists()


def test_places_from_a_semicolon_csv_with_danish_decimals_and_a_bom(clients, people):
    text = (
        "Navn;By;Type;Adresse;Breddegrad;Længdegrad;Beskrivelse\n"
        "Karolinelunden;Aalborg;Park;Karolinelund;57,044;9,931;Park\n"
        "Arkivhaven;Aalborg;Park;;57,0475;9,9190;\n"
    )
    url = upload(clients.consultant, "places", csv_file(text))
    sheet, _page = _preview(clients.consultant, url)
    assert sheet.counts() == {"new": 2, "update": 0, "skip": 0, "invalid": 0}
    confirm(clients.consultant, url)
    place = Place.objects.get(name="Karolinelunden", city="Aalborg")
    assert (place.kind, str(place.latitude)) == ("park", "57.044000")
    # Again, with a comma CSV in Windows-1252: unchanged.
    text = (
        "Navn,By,Type,Adresse,Breddegrad,Længdegrad,Beskrivelse\n"
        'Karolinelunden,Aalborg,Park,Karolinelund,"57,044","9,931",Park\n'
    )
    url = upload(clients.consultant, "places", csv_file(text, encoding="cp1252"))
    sheet, _page = _preview(clients.consultant, url)
    assert sheet.counts() == {"new": 0, "update": 0, "skip": 1, "invalid": 0}


def test_open_action_items_with_danish_dates_and_statuses(clients, people):
    OrganisationFactory(name="Aalborg Kommune", kind="municipality")
    url = upload(
        clients.consultant,
        "actions",
        xlsx(
            ["Opgave", "Ansvarlig person", "Ansvarlig organisation", "Gruppe", "Frist", "Status"],
            [
                "Ekstra belysning",
                "Steering Person",
                "Aalborg Kommune",
                "Styregruppen",
                datetime.date(2027, 3, 1),
                "I gang",
            ],
            ["Toiletvagt", "", "Aalborg Kommune", "Styregruppen", "15-04-2027", "Åben"],
        ),
    )
    confirm(clients.consultant, url)
    light = ActionItem.objects.get(title="Ekstra belysning")
    assert (light.due, light.status, light.group, light.responsible_person.name) == (
        datetime.date(2027, 3, 1),
        "in_progress",
        people.steering_group,
        "Steering Person",
    )
    assert ActionItem.objects.get(title="Toiletvagt").due == datetime.date(2027, 4, 15)


def test_a_sheet_without_the_templates_columns_is_refused_before_the_preview(clients, people):
    response = clients.consultant.post(
        "/import/", {"kind": "places", "sheet": xlsx(["Sted", "Kommune"], ["A", "B"])}
    )
    assert response.status_code == 200
    assert "Arket mangler kolonnerne" in response.content.decode()
    assert not SheetImport.objects.exists()


@pytest.mark.parametrize(
    "sheet",
    [
        csv_file("", name="tom.csv"),
        xlsx(["Navn"], name="kun-overskrift.xlsx"),
        csv_file("ikke et regneark", name="noter.pdf"),
        csv_file("PK\x03\x04 ødelagt", name="ødelagt.xlsx"),
    ],
    ids=["empty", "headers-only", "wrong-type", "broken-xlsx"],
)
def test_an_unreadable_file_gets_a_danish_message_not_an_error_page(clients, people, sheet):
    response = clients.consultant.post("/import/", {"kind": "organisations", "sheet": sheet})
    assert response.status_code == 200
    assert 'class="invalid-feedback' in response.content.decode() or "errorlist" in (
        response.content.decode()
    )


def test_templates_and_exports_have_the_same_danish_columns(clients, people):
    OrganisationFactory(name="=1+2", kind="ngo")  # stored by another path: exported as text
    for kind in ["organisations", "people", "members", "places", "actions"]:
        template = read_xlsx(clients.consultant.get(f"/import/template/{kind}.xlsx").content)
        export = read_xlsx(clients.consultant.get(f"/import/export/{kind}.xlsx").content)
        assert template[0] == export[0], kind
        assert len(template) == 2  # the headers and an example row
    rows = read_xlsx(clients.consultant.get("/import/export/organisations.xlsx").content)
    assert ["'=1+2", "Frivillig organisation", None, None] in [list(r) for r in rows]


def test_an_exported_sheet_comes_back_unchanged(clients, people):
    url = upload(
        clients.consultant,
        "members",
        xlsx(
            MEMBER_HEADERS,
            [
                "Styregruppen",
                "Ny Person",
                "",
                "Rådgiver",
                "ny@example.dk",
                "",
                "Observatør",
                "01.01.2026",
            ],
        ),
    )
    confirm(clients.consultant, url)
    exported = clients.consultant.get("/import/export/members.xlsx").content
    url = upload(clients.consultant, "members", xlsx(*read_xlsx(exported)))
    sheet, _page = _preview(clients.consultant, url)
    assert sheet.counts()["invalid"] == 0
    assert sheet.counts()["new"] == 0 and sheet.counts()["update"] == 0


def test_only_the_uploader_sees_a_preview(clients, people):
    url = upload(clients.consultant, "organisations", xlsx(ORG_HEADERS, ["A", "", "", ""]))
    assert clients.steering.get(url).status_code == 404
    assert clients.admin.get(url).status_code == 200
    assert clients.steering.post(url + "confirm/").status_code == 404
    assert clients.steering.get("/import/").status_code == 403
