"""The demo places, and the Django admin pages for places and problems."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from byrum import tenancy
from demo.seed import municipalities
from places.models import Facility, Place, Problem, ProblemNote, UsagePattern
from tests.places.factories import PlaceFactory, ProblemFactory, ProblemNoteFactory

AALBORG_PLACES = {
    ("Arkivpladsen", "Aalborg"),
    ("J.F. Kennedys Plads", "Aalborg"),
    ("Karolinelunden", "Aalborg"),
    ("Kildeparken", "Aalborg"),
    ("Frederikstorv", "Aalborg"),
    ("Bredgade Torv", "Aalborg"),
    ("Arkivhaven", "Aalborg"),
    ("Godsbanearealet", "Aalborg"),
    ("Hjerterummet", "Aalborg"),
    ("Overdækket hellested ved Hjerterummet", "Aalborg"),
}


def _counts():
    """Each municipality's places and what belongs to them."""
    counts = []
    for municipality in municipalities():
        with tenancy.municipality(municipality.pk):
            models = (Place, Facility, Problem, ProblemNote, UsagePattern)
            counts.append([m.objects.count() for m in models])
    return counts


def test_seed_demo_adds_the_places_once(db):
    call_command("seed_demo", verbosity=0, stdout=None)
    first = _counts()
    call_command("seed_demo", verbosity=0)
    assert _counts() == first

    # The test works in Aalborg: its places, and Klostertorvet only in Aarhus.
    assert set(Place.objects.values_list("name", "city")) == AALBORG_PLACES
    for place in Place.objects.all():
        place.full_clean()  # every demo place lies in Denmark
    for problem in Problem.objects.all():
        problem.full_clean()
    assert Place.objects.get(name="Hjerterummet").kind == "drop_in_centre"
    assert Place.objects.get(name="Overdækket hellested ved Hjerterummet").kind == "safe_place"
    with tenancy.municipality(municipalities()[1].pk):
        assert set(Place.objects.values_list("name", "city")) == {("Klostertorvet", "Aarhus")}
        _klostertorvet_has_its_problems_and_network()


def _klostertorvet_has_its_problems_and_network():
    klostertorvet = Place.objects.get(name="Klostertorvet")
    categories = set(klostertorvet.problems.values_list("category", flat=True))
    assert {
        "violent_conflicts",
        "crowding",
        "waste",
        "toilet_conditions",
        "stress",
        "no_order",
    } <= categories
    assert klostertorvet.local_group.name == "Byen for alle netværket"
    assert set(klostertorvet.contacts.values_list("name", flat=True)) == {
        "Lars Vind",
        "Jonas Eriksen",
    }
    klostertorvet.full_clean()


@pytest.mark.parametrize(
    "url_name, args",
    [
        ("admin:places_place_changelist", []),
        ("admin:places_place_add", []),
        ("admin:places_problem_changelist", []),
    ],
)
def test_the_admin_pages_open(clients, db, url_name, args):
    ProblemNoteFactory(problem=ProblemFactory(place=PlaceFactory(name="Arkivhaven")))
    response = clients.admin.get(reverse(url_name, args=args), {"q": "Arkiv"})
    assert response.status_code == 200


def test_the_admin_change_pages_show_the_inlines(clients, db):
    problem = ProblemFactory(place=PlaceFactory(name="Arkivhaven"))
    ProblemNoteFactory(problem=problem, text="Talt med naboerne.")
    place_page = clients.admin.get(reverse("admin:places_place_change", args=[problem.place.pk]))
    assert "Efterladenskaber på pladsen." in place_page.content.decode()
    problem_page = clients.admin.get(reverse("admin:places_problem_change", args=[problem.pk]))
    assert "Talt med naboerne." in problem_page.content.decode()
    filtered = clients.admin.get(reverse("admin:places_place_changelist"), {"open_problems": "yes"})
    assert "Arkivhaven" in filtered.content.decode()
