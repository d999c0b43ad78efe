"""Small jobs corrected outside the Django admin: the caretaker their own within 24 hours,
consultants any; only consultants delete. Both leave history."""

import datetime

from django.urls import reverse
from django.utils import timezone

from incidents.models import SmallJob, SmallJobEvent
from tests.budgets import REQUEST_OVERHEAD

from .conftest import queries
from .factories import SmallJobFactory


def edit_url(job):
    return reverse("incidents:smalljob_edit", args=[job.pk])


def data(job, **changes):
    values = {
        "date": job.date.isoformat(),
        "place": job.place_id,
        "task": job.task,
        "note": job.note,
        "participants": job.participants,
        "hours": str(job.hours),
        "initiative": "",
    }
    values.update(changes)
    return values


def test_a_caretaker_corrects_their_own_small_job_the_same_day(clients, caretaker_world, places):
    job = SmallJobFactory(
        place=places.klostertorvet, reported_by=caretaker_world.caretaker, participants=2
    )
    response = clients.caretaker.post(edit_url(job), data(job, participants=5))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.participants == 5
    change = SmallJobEvent.objects.filter(pgh_obj_id=job.pk).order_by("pgh_id").last()
    assert change.participants == 5
    assert change.pgh_context.metadata["user"] == caretaker_world.caretaker.pk
    assert change.pgh_context.metadata["action"] == "change"
    # The list of their small jobs offers the correction.
    mine = clients.caretaker.get(reverse("incidents:mine")).content.decode()
    assert edit_url(job) in mine


def test_after_24_hours_the_caretaker_can_no_longer_change_it(clients, caretaker_world, places):
    job = SmallJobFactory(place=places.klostertorvet, reported_by=caretaker_world.caretaker)
    SmallJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )
    assert clients.caretaker.get(edit_url(job)).status_code == 403
    assert clients.caretaker.post(edit_url(job), data(job, participants=9)).status_code == 403
    assert edit_url(job) not in clients.caretaker.get(reverse("incidents:mine")).content.decode()


def test_a_caretaker_cannot_change_a_colleagues_small_job(clients, caretaker_world, places):
    job = SmallJobFactory(place=places.klostertorvet, reported_by=caretaker_world.other)
    assert clients.caretaker.get(edit_url(job)).status_code == 403


def test_bad_input_is_refused_with_a_danish_message(clients, caretaker_world, places):
    job = SmallJobFactory(place=places.klostertorvet, reported_by=caretaker_world.caretaker)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = clients.caretaker.post(edit_url(job), data(job, date=tomorrow.isoformat()))
    assert response.status_code == 400
    assert "Datoen kan ikke ligge i fremtiden." in response.content.decode()


def test_a_consultant_edits_and_deletes_any_small_job_with_history(
    clients, caretaker_world, places, people
):
    job = SmallJobFactory(place=places.klostertorvet, reported_by=caretaker_world.other)
    listing = clients.consultant.get(reverse("incidents:smalljob_list")).content.decode()
    assert edit_url(job) in listing
    response = clients.consultant.post(edit_url(job), data(job, note="Fejet pladsen"))
    assert response.status_code == 302
    response = clients.consultant.post(reverse("incidents:smalljob_delete", args=[job.pk]))
    assert response.status_code == 302
    assert not SmallJob.objects.filter(pk=job.pk).exists()
    events = list(SmallJobEvent.objects.filter(pgh_obj_id=job.pk).order_by("pgh_id"))
    assert [e.pgh_label for e in events][-2:] == ["update", "delete"]
    assert events[-1].pgh_context.metadata["user"] == people.users["consultant"].pk
    history = clients.consultant.get(reverse("history", args=["incidents", "smalljob", job.pk]))
    assert history.status_code == 200


def test_the_edit_page_reads_little(clients, caretaker_world, places):
    job = SmallJobFactory(place=places.klostertorvet, reported_by=caretaker_world.caretaker)
    # the job with its place, reporter and initiative; the places; the initiatives
    assert queries(clients.caretaker, edit_url(job)) <= REQUEST_OVERHEAD + 3
