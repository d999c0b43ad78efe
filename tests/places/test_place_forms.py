"""Creating and editing places (with what is there) and their use over the day and year."""

from decimal import Decimal

from django.urls import reverse

from places.models import Facility, Place, UsagePattern
from tests.actionplan.factories import GroupFactory, PersonFactory
from tests.places.factories import FacilityFactory, PlaceFactory, UsagePatternFactory


def _management(prefix="facilities", total=2, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_a_consultant_creates_a_place_with_what_is_there(clients, db):
    group = GroupFactory(name="Byen for alle netværket", kind="network", city="Aarhus")
    contact = PersonFactory(name="Lars Vind")
    data = {
        "name": "Klostertorvet",
        "kind": "square",
        "city": "Aarhus",
        "address": "Klostertorvet, 8000 Aarhus C",
        "latitude": "56.158900",
        "longitude": "10.207500",
        "description": "Torv i Midtbyen.",
        "local_group": group.pk,
        "contacts": [contact.pk],
        "outline": "",
        **_management(),
        "facilities-0-kind": "toilets",
        "facilities-0-state": "out_of_order",
        "facilities-0-note": "Midlertidigt pissoir",
        "facilities-1-kind": "",
        "facilities-1-state": "good",
        "facilities-1-note": "",
    }

    response = clients.consultant.post(reverse("places:create"), data)

    place = Place.objects.get(name="Klostertorvet")
    assert response.status_code == 302
    assert response["Location"] == place.get_absolute_url()
    assert place.latitude == Decimal("56.158900")
    assert place.local_group == group
    assert list(place.contacts.all()) == [contact]
    facility = place.facilities.get()
    assert (facility.kind, facility.state) == ("toilets", "out_of_order")


def test_the_form_has_a_map_to_set_the_point(clients, db):
    html = clients.consultant.get(reverse("places:create")).content.decode()
    assert 'data-map="picker"' in html
    assert 'data-lat-input="id_latitude"' in html and 'data-lon-input="id_longitude"' in html
    assert "<script>" not in html  # no inline scripts: a strict CSP comes later


def test_a_point_outside_denmark_is_refused_in_danish_and_the_input_kept(clients, db):
    data = {
        "name": "Klostertorvet",
        "kind": "square",
        "city": "Aarhus",
        "latitude": "10.207500",
        "longitude": "56.158900",  # swapped
        **_management(total=0),
    }

    response = clients.consultant.post(reverse("places:create"), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Punktet ligger uden for Danmark" in html
    assert 'value="Klostertorvet"' in html
    assert not Place.objects.exists()


def test_a_bad_outline_is_refused(clients, db):
    data = {
        "name": "Arkivhaven",
        "kind": "park",
        "city": "Aalborg",
        "latitude": "57.047800",
        "longitude": "9.919500",
        "outline": '{"type": "Point", "coordinates": [9.9, 57.0]}',
        **_management(total=0),
    }
    response = clients.consultant.post(reverse("places:create"), data)
    assert "Et omrids skal være en GeoJSON Polygon eller MultiPolygon." in response.content.decode()

    data["outline"] = "{not json"
    response = clients.consultant.post(reverse("places:create"), data)
    assert response.status_code == 200
    assert "{not json" in response.content.decode()
    assert not Place.objects.exists()


def test_a_duplicate_name_in_the_same_city_is_refused(clients, db):
    PlaceFactory(name="Arkivhaven", city="Aalborg")
    data = {
        "name": "arkivhaven",
        "kind": "park",
        "city": "Aalborg",
        "latitude": "57.047800",
        "longitude": "9.919500",
        **_management(total=0),
    }
    response = clients.consultant.post(reverse("places:create"), data)
    assert "Der findes allerede et sted med dette navn i denne by." in response.content.decode()
    assert Place.objects.count() == 1


def test_editing_a_place_keeps_an_outline_and_removes_a_facility(clients, db):
    place = PlaceFactory(name="Arkivhaven", latitude="57.047800", longitude="9.919500")
    benches = FacilityFactory(place=place, kind=Facility.Kind.BENCHES)
    outline = {
        "type": "Polygon",
        "coordinates": [[[9.919, 57.047], [9.920, 57.047], [9.920, 57.048], [9.919, 57.047]]],
    }
    data = {
        "name": "Arkivhaven",
        "kind": "park",
        "city": "Aalborg",
        "latitude": "57.047800",
        "longitude": "9.919500",
        "outline": '{"type": "Feature", "geometry": ' + str(outline).replace("'", '"') + "}",
        **_management(total=1, initial=1),
        "facilities-0-id": benches.pk,
        "facilities-0-place": place.pk,
        "facilities-0-kind": "benches",
        "facilities-0-state": "good",
        "facilities-0-DELETE": "on",
    }

    response = clients.consultant.post(reverse("places:edit", args=[place.pk]), data)

    assert response.status_code == 302
    place.refresh_from_db()
    assert place.kind == "park"
    assert place.outline == outline
    assert not place.facilities.exists()


def test_the_usage_grid_saves_known_cells_and_drops_unknown_ones(clients, db):
    place = PlaceFactory()
    UsagePatternFactory(place=place, season="winter", time_of_day="night", level=1)
    data = {
        f"{s}_{t}": "" for s in UsagePattern.Season.values for t in UsagePattern.TimeOfDay.values
    }
    data.update({"summer_evening": "3", "summer_daytime": "2", "notes": "Travlt om aftenen."})

    response = clients.consultant.post(reverse("places:usage", args=[place.pk]), data)

    assert response.status_code == 302
    cells = {(u.season, u.time_of_day): u.level for u in place.usage.all()}
    assert cells == {("summer", "evening"): 3, ("summer", "daytime"): 2}
    place.refresh_from_db()
    assert place.usage_notes == "Travlt om aftenen."


def test_the_usage_grid_refuses_an_unknown_level(clients, db):
    place = PlaceFactory()
    response = clients.consultant.post(
        reverse("places:usage", args=[place.pk]), {"summer_evening": "7", "notes": "Noget"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Marker en gyldig valgmulighed" in html
    assert "Noget" in html
    assert not place.usage.exists()
