"""Problems on a place: recording, editing and marking their status with dated notes."""

import datetime

from django.urls import reverse
from django.utils import timezone

from places.models import Problem, ProblemNote
from tests.budgets import REQUEST_OVERHEAD
from tests.places.factories import PlaceFactory, ProblemFactory


def _status(problem, status, note=""):
    prefix = f"problem-{problem.pk}"
    return {f"{prefix}-status": status, f"{prefix}-note": note}


def test_a_consultant_records_a_problem(clients, db):
    place = PlaceFactory(name="Klostertorvet")
    data = {
        "category": "toilet_conditions",
        "description": "Toilettet er ude af drift.",
        "severity": "high",
        "source": "context_analysis",
        "observed_on": "2024-09-01",
    }

    response = clients.consultant.post(reverse("places:problem_create", args=[place.pk]), data)

    problem = Problem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == problem.get_absolute_url()
    assert (problem.place, problem.status, problem.severity) == (place, "open", "high")


def test_a_problem_cannot_be_observed_in_the_future(clients, db):
    place = PlaceFactory()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = {
        "category": "noise",
        "description": "Larm om natten.",
        "severity": "low",
        "source": "meeting",
        "observed_on": tomorrow.isoformat(),
    }

    response = clients.consultant.post(reverse("places:problem_create", args=[place.pk]), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Datoen kan ikke ligge i fremtiden." in html
    assert "Larm om natten." in html
    assert not Problem.objects.exists()


def test_a_consultant_edits_a_problem(clients, db):
    problem = ProblemFactory(description="Gammel tekst")
    data = {
        "category": "waste",
        "description": "Ny tekst",
        "severity": "low",
        "source": "safety_walk",
        "observed_on": "2024-03-01",
    }

    response = clients.consultant.post(reverse("places:problem_edit", args=[problem.pk]), data)

    assert response.status_code == 302
    problem.refresh_from_db()
    assert (problem.description, problem.source) == ("Ny tekst", "safety_walk")


def test_a_caretaker_marks_a_problem_as_being_addressed_with_a_note(clients, people):
    problem = ProblemFactory()

    response = clients.caretaker.post(
        reverse("places:problem_status", args=[problem.pk]),
        _status(problem, "being_addressed", "Talt med gruppen på bænken."),
    )

    assert response.status_code == 302
    assert response["Location"] == problem.get_absolute_url()
    problem.refresh_from_db()
    assert problem.status == "being_addressed"
    note = problem.notes.get()
    assert (note.status, note.text, note.author) == (
        "being_addressed",
        "Talt med gruppen på bænken.",
        people.users["caretaker"],
    )
    assert note.date == timezone.localdate()


def test_resolving_stamps_the_date_and_reopening_clears_it(clients, db):
    problem = ProblemFactory(observed_on=datetime.date(2024, 3, 1))
    url = reverse("places:problem_status", args=[problem.pk])

    clients.consultant.post(url, _status(problem, "resolved"))
    problem.refresh_from_db()
    assert (problem.status, problem.resolved_on) == ("resolved", timezone.localdate())

    clients.consultant.post(url, _status(problem, "open", "Det er startet igen."))
    problem.refresh_from_db()
    assert (problem.status, problem.resolved_on) == ("open", None)
    assert [n.status for n in problem.notes.all()] == ["resolved", "open"]


def test_a_note_without_a_status_change_is_kept(clients, db):
    problem = ProblemFactory(status="being_addressed")
    clients.consultant.post(
        reverse("places:problem_status", args=[problem.pk]),
        _status(problem, "being_addressed", "Ny affaldsspand bestilt."),
    )
    note = ProblemNote.objects.get()
    assert (note.status, note.text) == ("", "Ny affaldsspand bestilt.")


def test_the_same_status_without_a_note_is_refused_in_danish(clients, db):
    problem = ProblemFactory(status="open")

    response = clients.caretaker.post(
        reverse("places:problem_status", args=[problem.pk]), _status(problem, "open")
    )

    assert response.status_code == 200
    assert "Problemet har allerede status “Åben”" in response.content.decode()
    assert not problem.notes.exists()


def test_an_unknown_status_is_refused_and_the_note_kept(clients, db):
    problem = ProblemFactory(status="open")

    response = clients.caretaker.post(
        reverse("places:problem_status", args=[problem.pk]),
        _status(problem, "gone", "Skrevet på telefonen"),
    )

    html = response.content.decode()
    assert "Marker en gyldig valgmulighed" in html
    assert "Skrevet på telefonen" in html
    problem.refresh_from_db()
    assert problem.status == "open"


def test_the_status_page_shows_the_history(clients, db, django_assert_max_num_queries):
    problem = ProblemFactory()
    for day in range(1, 6):
        ProblemNote.objects.create(
            problem=problem, date=datetime.date(2024, 4, day), text=f"Note {day}"
        )
    # the request overhead, the problem with its place, the notes with their authors
    with django_assert_max_num_queries(REQUEST_OVERHEAD + 2):
        response = clients.caretaker.get(reverse("places:problem_status", args=[problem.pk]))
    html = response.content.decode()
    assert "Note 1" in html and "Note 5" in html
