"""The map and list of places: /places/."""

from django.urls import reverse

from places.models import Problem
from tests.budgets import REQUEST_OVERHEAD
from tests.places.factories import PlaceFactory, ProblemFactory

URL = reverse("places:list")


def test_it_lists_every_place_with_its_open_problem_count(clients, db):
    klostertorvet = PlaceFactory(name="Klostertorvet", city="Aarhus")
    PlaceFactory(name="Arkivhaven", city="Aalborg", kind="park")
    ProblemFactory(place=klostertorvet)
    ProblemFactory(place=klostertorvet, status=Problem.Status.BEING_ADDRESSED)
    ProblemFactory(place=klostertorvet, status=Problem.Status.RESOLVED, resolved_on="2024-04-01")

    response = clients.caretaker.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Klostertorvet" in html and "Arkivhaven" in html
    assert "2 åbne problemer" in html  # resolved ones do not count
    places = {p.name: p for p in response.context["places"]}
    assert places["Klostertorvet"].open_problem_count == 2
    assert places["Arkivhaven"].open_problem_count == 0


def test_the_map_gets_the_places_as_geojson_in_a_json_script(clients, db):
    place = PlaceFactory(name="Arkivhaven", latitude="57.047800", longitude="9.919500")

    response = clients.local.get(URL)

    html = response.content.decode()
    assert 'id="places-features" type="application/json"' in html
    assert 'data-map="list"' in html
    feature = response.context["features"]["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [9.9195, 57.0478]}
    assert feature["properties"]["url"] == place.get_absolute_url()
    # The list works without JavaScript: a plain link to the place.
    assert f'href="{place.get_absolute_url()}"' in html


def test_it_filters_by_city_kind_and_open_problems(clients, db):
    klostertorvet = PlaceFactory(name="Klostertorvet", city="Aarhus")
    PlaceFactory(name="Arkivhaven", city="Aalborg", kind="park")
    PlaceFactory(name="Kildeparken", city="Aalborg", kind="park")
    ProblemFactory(place=PlaceFactory(name="Frederikstorv", city="Aalborg"))
    ProblemFactory(place=klostertorvet)

    def names(**params):
        response = clients.consultant.get(URL, params)
        return sorted(p.name for p in response.context["places"])

    assert names(city="Aalborg") == ["Arkivhaven", "Frederikstorv", "Kildeparken"]
    assert names(kind="park") == ["Arkivhaven", "Kildeparken"]
    assert names(open_problems="yes") == ["Frederikstorv", "Klostertorvet"]
    assert names(open_problems="no", city="Aalborg") == ["Arkivhaven", "Kildeparken"]
    assert names(q="torv") == ["Frederikstorv", "Klostertorvet"]


def test_a_bad_filter_value_shows_a_danish_error_and_keeps_the_input(clients, db):
    PlaceFactory(name="Arkivhaven")

    response = clients.consultant.get(URL, {"kind": "volcano", "q": "Ark"})

    html = response.content.decode()
    assert "Marker en gyldig valgmulighed" in html
    assert 'value="Ark"' in html


def test_consultants_see_the_new_place_button_and_others_do_not(clients, db):
    new_place = reverse("places:create")
    assert new_place in clients.consultant.get(URL).content.decode()
    assert new_place not in clients.steering.get(URL).content.decode()


def test_the_query_count_does_not_grow_with_places(
    clients, db, count_queries, django_assert_max_num_queries
):
    place = PlaceFactory()
    ProblemFactory(place=place)
    clients.consultant.get(URL)  # warm up the session
    one, _ = count_queries(lambda: clients.consultant.get(URL))
    for _ in range(9):
        ProblemFactory(place=PlaceFactory(city="Aarhus"))
    # the request overhead, city choices, places with their open-problem counts
    with django_assert_max_num_queries(REQUEST_OVERHEAD + 2):
        ten, response = count_queries(lambda: clients.consultant.get(URL))
    assert len(response.context["places"]) == 10
    assert one == ten
