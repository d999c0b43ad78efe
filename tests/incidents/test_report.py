"""The caretaker's report form: plain HTML post, the offline queue's JSON posts, idempotency."""

import datetime
import threading
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from incidents.models import Incident
from tests.budgets import REQUEST_OVERHEAD

URL = reverse("incidents:new")
JSON = {"HTTP_ACCEPT": "application/json"}


def now_field(delta=datetime.timedelta()):
    return (timezone.localtime() + delta).strftime("%Y-%m-%dT%H:%M")


def report(place, **overrides):
    data = {
        "client_uuid": str(uuid.uuid4()),
        "place": str(place.pk),
        "category": "violence",
        "severity": "3",
        "people_involved": "4",
        "police_called": "on",
        "occurred_at": now_field(-datetime.timedelta(minutes=20)),
        "description": "Slagsmål ved bænkene, to personer skilt ad.",
        "follow_up_needed": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_page_shows_my_places_first_and_the_privacy_reminder(clients, caretaker_world, places):
    response = clients.caretaker.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    # My place is a large radio button (checked: the only one), the others are in the list.
    assert f'value="{places.klostertorvet.pk}" data-lat' in html
    assert 'checked>\n    <label class="btn btn-outline-primary"' in html
    assert f'<option value="{places.kildeparken.pk}"' in html
    assert f'<option value="{places.klostertorvet.pk}"' not in html
    assert "Skriv ikke navne, CPR-numre eller helbredsoplysninger." in html
    assert "Vold" in html and "God kontakt" in html and "Nedtrapning" in html


def test_a_caretaker_reports_an_incident(clients, caretaker_world, places):
    data = report(places.klostertorvet)
    response = clients.caretaker.post(URL, data)
    assert response.status_code == 302
    assert response["Location"] == URL
    incident = Incident.objects.get(client_uuid=data["client_uuid"])
    assert incident.reported_by == caretaker_world.caretaker
    assert incident.place == places.klostertorvet
    assert incident.category == "violence"
    assert incident.severity == 3
    assert incident.people_involved == 4
    assert incident.police_called and not incident.ambulance_called
    assert incident.follow_up_needed and incident.status == "open"
    follow = clients.caretaker.get(URL)
    assert "Indberetningen er sendt" in follow.content.decode()


def test_a_report_without_follow_up_is_handled(clients, caretaker_world, places):
    data = report(places.klostertorvet, follow_up_needed=None, category="good_contact")
    clients.caretaker.post(URL, data)
    assert Incident.objects.get(client_uuid=data["client_uuid"]).status == "handled"


def test_another_place_from_the_list_wins_over_the_preselected_one(
    clients, caretaker_world, places
):
    data = report(places.klostertorvet, other_place=str(places.kildeparken.pk))
    clients.caretaker.post(URL, data)
    assert Incident.objects.get(client_uuid=data["client_uuid"]).place == places.kildeparken


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [("123", "10.2"), ("56.1", ""), ("nord", "øst"), ("56.1", "-200")],
)
def test_a_position_that_makes_no_sense_is_dropped_not_the_report(
    clients, caretaker_world, places, latitude, longitude
):
    data = report(places.klostertorvet, latitude=latitude, longitude=longitude)
    assert clients.caretaker.post(URL, data).status_code == 302
    incident = Incident.objects.get(client_uuid=data["client_uuid"])
    assert (incident.latitude, incident.longitude) == (None, None)


def test_the_reporters_position_is_kept_rounded(clients, caretaker_world, places):
    data = report(places.klostertorvet, latitude="56.158912345", longitude="10.208954321")
    clients.caretaker.post(URL, data)
    incident = Incident.objects.get(client_uuid=data["client_uuid"])
    assert str(incident.latitude) == "56.158910"
    assert str(incident.longitude) == "10.208950"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("category", None, "Vælg hvad der skete."),
        ("category", "murder", "Marker en gyldig valgmulighed"),
        ("severity", "7", "Marker en gyldig valgmulighed"),
        ("people_involved", "0", "større end eller lig 1"),
        ("people_involved", "501", "mindre end eller lig 500"),
        ("people_involved", "mange", "Skriv et helt tal."),
        ("occurred_at", "i går", "Skriv en dato og et klokkeslæt"),
        ("occurred_at", None, "Udfyld feltet."),
        ("description", "x" * 501, "højst have 500 tegn"),
        ("place", None, "Vælg stedet."),
        ("place", "999999", "Vælg stedet."),
        ("client_uuid", None, "Indberetningen har intet ID"),
        ("client_uuid", "not-a-uuid", "Indberetningen har intet gyldigt ID"),
    ],
)
def test_bad_input_is_refused_in_danish_and_kept(
    clients, caretaker_world, places, field, value, message
):
    data = report(places.arkivpladsen, description="Flasker knust ved springvandet")
    data["place"] = str(places.klostertorvet.pk)
    data[field] = value
    data = {k: v for k, v in data.items() if v is not None}
    response = clients.caretaker.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert "Indberetningen blev ikke sendt" in html
    if field != "description":
        assert "Flasker knust ved springvandet" in html  # what was written is kept
    assert not Incident.objects.filter(description__startswith="Flasker").exists()


@pytest.mark.parametrize(
    ("delta", "message"),
    [
        (datetime.timedelta(hours=2), "kan ikke ligge i fremtiden"),
        (datetime.timedelta(days=-40), "højst gå 31 dage tilbage"),
    ],
)
def test_the_time_can_move_back_but_not_forward_or_far_back(
    clients, caretaker_world, places, delta, message
):
    response = clients.caretaker.post(
        URL, report(places.klostertorvet, occurred_at=now_field(delta))
    )
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_time_can_be_moved_back_a_few_days(clients, caretaker_world, places):
    data = report(places.klostertorvet, occurred_at=now_field(-datetime.timedelta(days=3)))
    assert clients.caretaker.post(URL, data).status_code == 302


# ---- idempotency: one row per client UUID -----------------------------------------------


def test_the_queue_gets_json_with_the_uuid_it_sent(clients, caretaker_world, places):
    data = report(places.klostertorvet)
    response = clients.caretaker.post(URL, data, **JSON)
    assert response.status_code == 201
    body = response.json()
    assert body["uuid"] == data["client_uuid"]
    assert body["created"] is True
    assert Incident.objects.get(pk=body["id"]).client_uuid == uuid.UUID(data["client_uuid"])


def test_the_same_uuid_twice_gives_one_row_and_the_original_answer(
    clients, caretaker_world, places
):
    data = report(places.klostertorvet)
    first = clients.caretaker.post(URL, data, **JSON)
    again = clients.caretaker.post(URL, data, **JSON)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == {**first.json(), "created": False}
    assert Incident.objects.filter(client_uuid=data["client_uuid"]).count() == 1


def test_a_double_tap_of_the_plain_form_stores_one_report(clients, caretaker_world, places):
    data = report(places.klostertorvet)
    assert clients.caretaker.post(URL, data).status_code == 302
    assert clients.caretaker.post(URL, data).status_code == 302
    assert Incident.objects.filter(client_uuid=data["client_uuid"]).count() == 1


def test_the_same_uuid_with_a_different_body_is_refused(clients, caretaker_world, places):
    data = report(places.klostertorvet)
    clients.caretaker.post(URL, data, **JSON)
    response = clients.caretaker.post(URL, {**data, "category": "noise"}, **JSON)
    assert response.status_code == 409
    assert response.json()["uuid"] is None
    assert Incident.objects.get(client_uuid=data["client_uuid"]).category == "violence"
    plain = clients.caretaker.post(URL, {**data, "category": "noise"})
    assert plain.status_code == 409
    assert "allerede brugt til en anden indberetning" in plain.content.decode()


def test_the_same_uuid_from_another_user_is_refused(clients, caretaker_world, places):
    data = report(places.klostertorvet)
    clients.caretaker.post(URL, data, **JSON)
    other = Client()
    other.force_login(caretaker_world.other)
    assert other.post(URL, data, **JSON).status_code == 409


def test_invalid_json_posts_answer_errors_without_a_uuid(clients, caretaker_world, places):
    response = clients.caretaker.post(URL, report(places.klostertorvet, category=None), **JSON)
    assert response.status_code == 400
    assert response.json() == {"uuid": None, "errors": {"category": ["Vælg hvad der skete."]}}


def test_an_expired_session_is_a_redirect_to_login_not_a_confirmation(clients, places):
    response = clients.anonymous.post(URL, report(places.klostertorvet), **JSON)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Incident.objects.exists()


# Real concurrent requests need committed data, so a transactional test.
def test_twenty_concurrent_posts_of_one_uuid_give_one_row(transactional_db, places):
    from byrum import roles
    from tests.actionplan.factories import UserFactory

    user = UserFactory(username="travl", roles=[roles.CARETAKER])
    data = report(places.klostertorvet)
    barrier = threading.Barrier(20)
    answers = []

    def post():
        client = Client()
        client.force_login(user)
        barrier.wait()
        try:
            response = client.post(URL, data, **JSON)
            answers.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Incident.objects.filter(client_uuid=data["client_uuid"]).count() == 1
    statuses = sorted(status for status, _body in answers)
    assert statuses == [200] * 19 + [201]
    assert {body["uuid"] for _status, body in answers} == {data["client_uuid"]}
    assert len({body["id"] for _status, body in answers}) == 1


def test_the_report_page_runs_the_same_queries_for_1_or_11_places(
    clients, caretaker_world, places, django_assert_max_num_queries
):
    from .conftest import queries
    from .factories import PlaceFactory

    few = queries(clients.caretaker, URL)
    for n in range(8):
        PlaceFactory(name=f"Plads {n}")
    assert queries(clients.caretaker, URL) == few
    # the request overhead, the last place used, places, my places, and the running
    # small-jobs initiatives
    with django_assert_max_num_queries(REQUEST_OVERHEAD + 4):
        clients.caretaker.get(URL)


def test_sending_a_report_reads_only_the_place_it_names(clients, caretaker_world, places):
    """A city has 2,000 places: the form is drawn with all of them, but a report sent from
    the phone looks up just its own (and not the caretaker's last place either)."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = clients.caretaker.post(URL, report(places.kildeparken), **JSON)
    assert response.status_code == 201
    reads = [q["sql"] for q in ctx.captured_queries if 'FROM "places_place"' in q["sql"]]
    assert len(reads) == 1, reads
    assert f'"places_place"."id" = {places.kildeparken.pk}' in reads[0]
    last_place = '"incidents_incident"."reported_by_id" ='
    assert not [q for q in ctx.captured_queries if last_place in q["sql"]]
