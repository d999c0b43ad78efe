"""No CPR number in free text about the people met: the report form (HTML and the offline
queue's JSON), the correction form, the follow-up note and a safety-walk finding refuse a
text with a CPR number in any written form, say why in Danish, and keep the text."""

import json

import pytest
from django.urls import reverse

from byrum.validators import contains_cpr
from incidents.models import Incident
from meetings.models import Finding
from tests.meetings.factories import SafetyWalkFactory

from .test_detail_and_edit import edit_data
from .test_report import URL, report

MESSAGE = "Teksten ser ud til at indeholde et CPR-nummer"
WRITTEN_FORMS = [
    "Ole Hansen cpr 120356-1234 diabetiker faldt om",
    "Ole 1203561234 faldt",
    "Ole 120356 1234 faldt",
    "Ole 12 03 56 12 34 faldt",
    "Ole 12.03.56-1234 faldt",
    "Ole cpr: 120356 - 1234",
    "erstatningsnummer 720356-1234",  # day + 60
]


@pytest.mark.parametrize("text", WRITTEN_FORMS)
def test_every_written_form_is_found(text):
    assert contains_cpr(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ring 12345678",
        "+45 98 76 54 32",
        "Kl. 14.30 var 3 personer",
        "Sag 2026-000123",
        "300256-1234 er ingen dato",
        "Høj musik ved bænkene",
    ],
)
def test_phone_numbers_times_and_other_figures_are_not(text):
    assert not contains_cpr(text)


@pytest.mark.parametrize("text", WRITTEN_FORMS[:5])
def test_the_report_form_refuses_it_and_keeps_the_text(clients, caretaker_world, places, text):
    data = report(places.klostertorvet, description=text)
    response = clients.caretaker.post(URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert MESSAGE in html and text in html  # kept for the caretaker to edit
    assert not Incident.objects.filter(client_uuid=data["client_uuid"]).exists()


def test_the_offline_queue_gets_the_same_message(clients, caretaker_world, places):
    data = report(places.klostertorvet, description=WRITTEN_FORMS[0])
    response = clients.caretaker.post(URL, data, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert json.loads(response.content)["errors"]["description"][0].startswith(MESSAGE)


def test_correcting_a_report_and_the_follow_up_note_refuse_it(clients, caretaker_world):
    incident = caretaker_world.at_my_place
    response = clients.consultant.post(
        reverse("incidents:edit", args=[incident.pk]),
        edit_data(incident, description=WRITTEN_FORMS[1]),
    )
    assert MESSAGE in response.content.decode()
    response = clients.consultant.post(
        reverse("incidents:follow_up", args=[incident.pk]),
        {"status": "handled", "follow_up_note": "Ringede om 120356-1234"},
    )
    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    incident.refresh_from_db()
    assert not contains_cpr(incident.description + incident.follow_up_note)


@pytest.mark.parametrize("field", ["title", "description"])
def test_a_safety_walk_finding_refuses_it(clients, people, field):
    walk = SafetyWalkFactory(group=people.local_group)
    text = "Ole 120356-1234 sover under trappen"
    response = clients.caretaker.post(
        reverse("meetings:finding_create", args=[walk.pk]),
        {"condition": "broken_lamp", field: text, "due": "2031-01-01"},
    )
    html = response.content.decode()
    assert MESSAGE in html and text in html
    assert not Finding.objects.exists()
