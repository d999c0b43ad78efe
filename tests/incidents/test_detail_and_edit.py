"""An incident's page, its corrections and follow-up, and the history that keeps them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents import services
from incidents.models import Incident, IncidentEvent
from tests.budgets import REQUEST_OVERHEAD

from .conftest import queries
from .test_report import URL, report


def edit_data(incident, **overrides):
    data = {
        "place": incident.place_id,
        "occurred_at": timezone.localtime(incident.occurred_at).strftime("%Y-%m-%dT%H:%M"),
        "category": incident.category,
        "severity": incident.severity,
        "people_involved": incident.people_involved,
        "description": incident.description,
    }
    data.update(overrides)
    return data


def test_the_reporter_corrects_their_report_and_the_history_shows_it(
    clients, caretaker_world, places
):
    data = report(places.klostertorvet, category="noise", description="Høj musik")
    clients.caretaker.post(URL, data)
    incident = Incident.objects.get(client_uuid=data["client_uuid"])
    url = reverse("incidents:edit", args=[incident.pk])
    response = clients.caretaker.post(
        url, edit_data(incident, people_involved=6, description="Høj musik fra højttaler")
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.people_involved == 6
    assert IncidentEvent.objects.filter(pgh_obj_id=incident.pk).count() == 2
    page = clients.consultant.get(incident.get_absolute_url())
    history = page.context["history"]
    assert [entry["created"] for entry in history] == [True, False]
    assert history[1]["who"] == "vicevaert"
    changed = {change["field"]: (change["old"], change["new"]) for change in history[1]["changes"]}
    assert changed["antal involverede"] == (4, 6)
    assert changed["kort beskrivelse"] == ("Høj musik", "Høj musik fra højttaler")


def test_a_consultant_corrects_someone_elses_report(clients, caretaker_world, places):
    incident = caretaker_world.elsewhere
    response = clients.consultant.post(
        reverse("incidents:edit", args=[incident.pk]),
        edit_data(incident, place=places.arkivpladsen.pk, category="threats"),
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert (incident.place, incident.category) == (places.arkivpladsen, "threats")
    last = IncidentEvent.objects.filter(pgh_obj_id=incident.pk).latest("pgh_id")
    assert str(last.pgh_context.metadata["user"]) == clients.consultant.session["_auth_user_id"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("people_involved", "0", "Der kan være mellem 1 og 500 involverede."),
        ("category", "murder", "Marker en gyldig valgmulighed"),
        ("occurred_at", "i morgen", "Skriv en dato og et klokkeslæt"),
        ("severity", "9", "Marker en gyldig valgmulighed"),
        ("place", "99999", "Marker en gyldig valgmulighed"),
        ("description", "y" * 501, "højst have 500 tegn"),
    ],
)
def test_bad_corrections_are_refused_in_danish_and_kept(
    clients, caretaker_world, field, value, message
):
    incident = caretaker_world.own
    data = edit_data(incident, description="Rettet tekst")
    data[field] = value
    response = clients.caretaker.post(reverse("incidents:edit", args=[incident.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    if field != "description":
        assert "Rettet tekst" in html
    incident.refresh_from_db()
    assert incident.description != "Rettet tekst"


def test_a_correction_cannot_move_the_time_into_the_future(clients, caretaker_world):
    incident = caretaker_world.own
    future = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = clients.caretaker.post(
        reverse("incidents:edit", args=[incident.pk]), edit_data(incident, occurred_at=future)
    )
    assert response.status_code == 400
    assert "kan ikke ligge i fremtiden" in response.content.decode()


def test_follow_up_is_set_with_a_note_and_kept_in_history(clients, caretaker_world):
    incident = caretaker_world.at_my_place
    url = reverse("incidents:follow_up", args=[incident.pk])
    response = clients.consultant.post(
        url, {"status": "handled", "follow_up_note": "Talt med SSP."}
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert (incident.status, incident.follow_up_note) == ("handled", "Talt med SSP.")
    history = clients.consultant.get(incident.get_absolute_url()).context["history"]
    fields = [change["field"] for change in history[-1]["changes"]]
    assert fields == ["opfølgningsstatus", "opfølgningsnote"]


def test_a_bad_follow_up_status_is_refused(clients, caretaker_world):
    incident = caretaker_world.at_my_place
    response = clients.consultant.post(
        reverse("incidents:follow_up", args=[incident.pk]),
        {"status": "forgotten", "follow_up_note": "Noget"},
    )
    assert response.status_code == 400
    assert "Marker en gyldig valgmulighed" in response.content.decode()
    incident.refresh_from_db()
    assert incident.status == "open"


def test_the_steering_group_reads_but_does_not_see_edit_buttons(clients, caretaker_world):
    html = clients.steering.get(caretaker_world.own.get_absolute_url()).content.decode()
    assert "Ret indberetning" not in html
    assert "Gem opfølgning" not in html
    html = clients.caretaker.get(caretaker_world.at_my_place.get_absolute_url()).content.decode()
    assert "Ret indberetning" not in html  # a colleague's report, though at my place
    html = clients.caretaker.get(caretaker_world.own.get_absolute_url()).content.decode()
    assert "Ret indberetning" in html


def test_the_detail_page_runs_the_same_queries_however_long_the_history(
    clients, caretaker_world, django_assert_max_num_queries
):
    incident = caretaker_world.own
    url = incident.get_absolute_url()
    services.incident_follow_up(
        incident=incident, user=caretaker_world.caretaker, status="open", note="Første"
    )
    clients.consultant.get(url)  # the access log's content type and the session, once
    few = queries(clients.consultant, url)
    for n in range(5):
        services.incident_follow_up(
            incident=incident, user=caretaker_world.other, status="open", note=f"Note {n}"
        )
    assert queries(clients.consultant, url) == few
    # the request overhead, the incident, history events, their users, their places, and the
    # access-log row
    with django_assert_max_num_queries(REQUEST_OVERHEAD + 5):
        clients.consultant.get(url)


def test_reading_incidents_in_the_admin_is_logged(clients, caretaker_world):
    from byrum.models import AccessLog

    incident = caretaker_world.own
    clients.admin.get(reverse("admin:incidents_incident_changelist"))
    clients.admin.get(reverse("admin:incidents_incident_changelist") + "?q=Klostertorvet")
    clients.admin.get(reverse("admin:incidents_incident_change", args=[incident.pk]))
    rows = list(AccessLog.objects.order_by("pk").values_list("action", "object_ids", "query"))
    assert [r[0] for r in rows] == ["listed", "searched", "viewed"]
    assert len(rows[0][1]) == 3 and rows[1][2] == "q=Klostertorvet"
    assert rows[2][1] == [str(incident.pk)]
