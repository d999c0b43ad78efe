"""Small jobs: logged from the phone page, listed with totals for the consultants."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents.models import SmallJob
from tests.budgets import REQUEST_OVERHEAD

from .conftest import queries
from .factories import SmallJobFactory

NEW = reverse("incidents:smalljob_new")
LIST = reverse("incidents:smalljob_list")


def job(place, **overrides):
    data = {
        "job-client_uuid": str(uuid.uuid4()),
        "job-place": str(place.pk),
        "job-task": "washing_furniture",
        "job-note": "Vasket stolene ved caféen",
        "job-date": timezone.localdate().isoformat(),
        "job-participants": "3",
        "job-hours": "2.5",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_phone_page_has_the_small_job_form(clients, caretaker_world):
    html = clients.caretaker.get(reverse("incidents:new")).content.decode()
    assert 'id="small-job"' in html
    assert 'name="job-task"' in html and "Afvask af stole og bænke" in html


def test_a_caretaker_logs_a_small_job(clients, caretaker_world, places):
    data = job(places.klostertorvet)
    response = clients.caretaker.post(NEW, data)
    assert response.status_code == 302
    logged = SmallJob.objects.get(client_uuid=data["job-client_uuid"])
    assert (logged.place, logged.task, logged.participants) == (
        places.klostertorvet,
        "washing_furniture",
        3,
    )
    assert str(logged.hours) == "2.5"
    assert logged.reported_by == caretaker_world.caretaker


def test_a_small_job_sent_twice_is_stored_once(clients, caretaker_world, places):
    data = job(places.klostertorvet)
    first = clients.caretaker.post(NEW, data, HTTP_ACCEPT="application/json")
    again = clients.caretaker.post(NEW, data, HTTP_ACCEPT="application/json")
    changed = clients.caretaker.post(
        NEW, {**data, "job-participants": "4"}, HTTP_ACCEPT="application/json"
    )
    assert (first.status_code, again.status_code, changed.status_code) == (201, 200, 409)
    assert first.json()["uuid"] == again.json()["uuid"] == data["job-client_uuid"]
    assert SmallJob.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("job-task", None, "Vælg opgaven."),
        ("job-task", "juggling", "Marker en gyldig valgmulighed"),
        ("job-participants", "0", "større end eller lig 1"),
        ("job-participants", "101", "mindre end eller lig 100"),
        ("job-hours", "0", "Skriv mellem 0,5 og 24 timer."),
        ("job-hours", "25", "Skriv mellem 0,5 og 24 timer."),
        ("job-hours", "to", "Skriv et antal timer"),
        ("job-date", "2020-01-01", "højst registreres 90 dage tilbage"),
        ("job-date", "i går", "Skriv en dato"),
        ("job-place", None, "Vælg stedet."),
        ("job-note", "n" * 201, "højst have 200 tegn"),
    ],
)
def test_bad_input_is_refused_in_danish_and_kept(
    clients, caretaker_world, places, field, value, message
):
    data = job(places.klostertorvet)
    data[field] = value
    data = {k: v for k, v in data.items() if v is not None}
    response = clients.caretaker.post(NEW, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    if field != "job-note":
        assert "Vasket stolene ved caféen" in html
    assert not SmallJob.objects.exists()


def test_a_small_job_cannot_be_in_the_future(clients, caretaker_world, places):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = clients.caretaker.post(NEW, job(places.klostertorvet, **{"job-date": tomorrow}))
    assert response.status_code == 400
    assert "Datoen kan ikke ligge i fremtiden." in response.content.decode()


def test_the_list_shows_totals_and_what_each_may_see(clients, caretaker_world, places):
    SmallJobFactory(place=places.klostertorvet, participants=3, hours="1.5")
    SmallJobFactory(place=places.kildeparken, participants=5, hours="2.0")
    consultant = clients.consultant.get(LIST)
    assert consultant.context["totals"] == {
        "jobs": 2,
        "participants": 8,
        "hours": pytest.approx(3.5),
    }
    caretaker = clients.caretaker.get(LIST)
    assert [j.place for j in caretaker.context["page_obj"].object_list] == [places.klostertorvet]
    filtered = clients.consultant.get(f"{LIST}?place={places.kildeparken.pk}")
    assert filtered.context["totals"]["jobs"] == 1


def test_the_list_runs_the_same_queries_for_1_or_11_jobs(
    clients, places, django_assert_max_num_queries
):
    SmallJobFactory(place=places.klostertorvet)
    few = queries(clients.consultant, LIST)
    for _ in range(10):
        SmallJobFactory(place=places.arkivpladsen)
    assert queries(clients.consultant, LIST) == few
    with django_assert_max_num_queries(REQUEST_OVERHEAD + 5):
        clients.consultant.get(LIST)


def test_a_small_job_belongs_to_a_running_small_jobs_initiative(clients, caretaker_world, places):
    from tests.actionplan.factories import InitiativeFactory

    initiative = InitiativeFactory(
        title="Småjobs på Klostertorvet", kind="small_jobs", status="in_progress"
    )
    stopped = InitiativeFactory(title="Gamle småjobs", kind="small_jobs", status="stopped")
    html = clients.caretaker.get(reverse("incidents:new")).content.decode()
    assert "Småjobs på Klostertorvet" in html and "Gamle småjobs" not in html

    data = job(places.klostertorvet, **{"job-initiative": str(initiative.pk)})
    assert clients.caretaker.post(NEW, data).status_code == 302
    assert SmallJob.objects.get(client_uuid=data["job-client_uuid"]).initiative == initiative
    assert initiative.small_jobs.count() == 1

    data = job(places.klostertorvet, **{"job-initiative": str(stopped.pk)})
    response = clients.caretaker.post(NEW, data)
    assert "Vælg en af småjobindsatserne." in response.content.decode()
    assert not SmallJob.objects.filter(client_uuid=data["job-client_uuid"]).exists()
