"""The mediation log as CSV and XLSX: for those who may read the log, with its filters, every
export in the access log with the cases it handed over."""

import datetime

import pytest
from django.urls import reverse

from byrum import roles
from byrum.models import AccessLog
from tests.actionplan.factories import MediationCaseFactory, UserFactory
from tests.incidents.test_list_and_exports import csv_rows, xlsx_rows

pytestmark = pytest.mark.django_db


def _url(fmt):
    return reverse("actionplan:mediation_export", args=[fmt])


@pytest.fixture
def cases():
    return [
        MediationCaseFactory(
            date=datetime.date(2018, 9, 4),
            conflict_kind="noise",
            parties="Beboer i stuen – beboer på 1. sal",
            sessions=2,
            outcome="agreement",
            referred_to_outreach=True,
        ),
        MediationCaseFactory(
            date=datetime.date(2018, 11, 15), conflict_kind="neighbours", outcome="ongoing"
        ),
    ]


def test_the_housing_social_worker_exports_the_log_in_danish(client, cases):
    worker = UserFactory(username="boligsocial", roles=[roles.HOUSING_WORKER])
    client.force_login(worker)
    header, *rows = csv_rows(client.get(_url("csv")))
    assert header[:6] == [
        "ID",
        "Dato",
        "Handleplan",
        "Boligområde",
        "Type konflikt",
        "Parter (som roller)",
    ]
    assert [row[0] for row in rows] == [str(cases[1].pk), str(cases[0].pk)]  # newest first
    noise = dict(zip(header, rows[1], strict=True))
    assert noise["Dato"] == "2018-09-04" and noise["Samtaler"] == "2"
    assert noise["Resultat"] == "Aftale indgået"
    assert noise["Henvist til opsøgende medarbejdere"] == "Ja"
    header, *rows = xlsx_rows(client.get(_url("xlsx")))
    assert rows[1][header.index("Dato")] == datetime.datetime(2018, 9, 4)


def test_the_lists_filters_apply_and_the_export_is_in_the_access_log(clients, cases):
    response = clients.consultant.get(_url("xlsx"), {"conflict_kind": "neighbours"})
    assert response["Content-Disposition"].startswith('attachment; filename="konfliktmaegling-')
    assert [row[0] for row in xlsx_rows(response)[1:]] == [cases[1].pk]
    entry = AccessLog.objects.get(action=AccessLog.Action.EXPORTED)
    assert entry.username == "konsulent" and entry.object_ids == [str(cases[1].pk)]
    assert entry.content_type.model == "mediationcase"
    assert entry.query == "conflict_kind=neighbours"


def test_a_bad_filter_exports_nothing(clients, cases):
    response = clients.consultant.get(_url("csv"), {"outcome": "maybe"})
    assert response.status_code == 400
    assert "Filtrene er ikke gyldige" in response.content.decode()
    assert not AccessLog.objects.exists()


def test_those_who_may_not_read_the_log_may_not_export_it(clients, cases):
    for persona in ("steering", "local", "caretaker", "outsider"):
        assert getattr(clients, persona).get(_url("csv")).status_code == 403, persona
    assert not AccessLog.objects.exists()


def test_the_list_offers_the_export_with_its_filters(clients, cases):
    html = clients.consultant.get(
        reverse("actionplan:mediation_list"), {"outcome": "ongoing"}
    ).content.decode()
    assert f'href="{_url("csv")}?outcome=ongoing"' in html
    assert f'href="{_url("xlsx")}?outcome=ongoing"' in html
    # The log's own word for its sessions, not Django's for login sessions ("Sessioner").
    assert ">Samtaler</th>" in html
