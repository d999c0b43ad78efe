"""/places.geojson and `manage.py import_places`: export, import and the round trip."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from places.models import Place, Problem
from tests.budgets import REQUEST_OVERHEAD
from tests.places.factories import PlaceFactory, ProblemFactory

URL = reverse("places:geojson")
OUTLINE = {
    "type": "Polygon",
    "coordinates": [[[9.919, 57.047], [9.920, 57.047], [9.920, 57.048], [9.919, 57.047]]],
}


def _import(tmp_path, data):
    path = tmp_path / "places.geojson"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    out = StringIO()
    call_command("import_places", str(path), stdout=out)
    return out.getvalue()


def _feature(name="Arkivhaven", city="Aalborg", kind="park", geometry="point"):
    if geometry == "point":
        geometry = {"type": "Point", "coordinates": [9.9195, 57.0478]}
    return {
        "type": "Feature",
        "geometry": geometry,
        "properties": {"name": name, "city": city, "kind": kind},
    }


def test_it_exports_every_place_as_a_feature_collection(clients, db):
    place = PlaceFactory(
        name="Klostertorvet", city="Aarhus", latitude="56.158900", longitude="10.207500"
    )
    ProblemFactory(place=place)
    ProblemFactory(place=place, status=Problem.Status.RESOLVED, resolved_on="2024-06-01")

    response = clients.local.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    (feature,) = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [10.2075, 56.1589]}
    properties = feature["properties"]
    assert properties["name"] == "Klostertorvet"
    assert properties["kind"] == "square"
    assert properties["city"] == "Aarhus"
    assert properties["open_problem_count"] == 1
    assert properties["url"] == f"http://testserver{place.get_absolute_url()}"


def test_the_export_applies_the_list_filters(clients, db):
    PlaceFactory(name="Klostertorvet", city="Aarhus")
    PlaceFactory(name="Arkivhaven", city="Aalborg")
    data = json.loads(clients.consultant.get(URL, {"city": "Aarhus"}).content)
    assert [f["properties"]["name"] for f in data["features"]] == ["Klostertorvet"]


def test_the_export_query_count_does_not_grow(
    clients, db, count_queries, django_assert_max_num_queries
):
    ProblemFactory(place=PlaceFactory())
    clients.consultant.get(URL)
    one, _ = count_queries(lambda: clients.consultant.get(URL))
    for _ in range(9):
        ProblemFactory(place=PlaceFactory())
    # the request overhead (no navigation here), city choices, places with their counts
    with django_assert_max_num_queries(REQUEST_OVERHEAD + 1):
        ten, response = count_queries(lambda: clients.consultant.get(URL))
    assert len(json.loads(response.content)["features"]) == 10
    assert one == ten


def test_export_then_import_into_an_empty_database_gives_the_same_places(clients, db, tmp_path):
    PlaceFactory(
        name="Klostertorvet",
        city="Aarhus",
        kind="square",
        latitude="56.158900",
        longitude="10.207500",
        address="Klostertorvet, 8000 Aarhus C",
    )
    PlaceFactory(
        name="Arkivhaven",
        city="Aalborg",
        kind="park",
        latitude="57.047800",
        longitude="9.919500",
        outline=OUTLINE,
        description="Ved Vor Frue Kirke.",
    )
    PlaceFactory(
        name="Hjerterummet",
        city="Aalborg",
        kind="drop_in_centre",
        latitude="57.044900",
        longitude="9.911000",
    )
    fields = ["name", "city", "kind", "latitude", "longitude", "address", "description", "outline"]

    def snapshot():
        return sorted(tuple(p[f] for f in fields) for p in Place.objects.values(*fields))

    before = snapshot()
    exported = clients.consultant.get(URL).content.decode()
    Place.objects.all().delete()

    output = _import(tmp_path, exported)

    assert snapshot() == before
    assert "3 created, 0 updated, 0 unchanged, 0 refused." in output
    # A second import finds every place and changes nothing.
    assert "3 unchanged" in _import(tmp_path, exported)


def test_import_matches_by_name_and_city_and_updates(tmp_path, db):
    place = PlaceFactory(name="Arkivhaven", city="Aalborg", kind="other")
    output = _import(
        tmp_path,
        {"type": "FeatureCollection", "features": [_feature(name="ARKIVHAVEN", city="aalborg")]},
    )
    place.refresh_from_db()
    assert place.kind == "park"
    assert str(place.latitude) == "57.047800"
    assert Place.objects.count() == 1
    assert place.name == "Arkivhaven"  # the match keeps the place's own spelling
    assert "#1 Arkivhaven: updated" in output


def test_an_outline_alone_places_the_point_in_its_middle(tmp_path, db):
    _import(tmp_path, {"type": "FeatureCollection", "features": [_feature(geometry=OUTLINE)]})
    place = Place.objects.get()
    assert (str(place.latitude), str(place.longitude)) == ("57.047500", "9.919500")
    assert place.outline == OUTLINE


def test_bad_features_are_refused_with_reasons_and_the_good_ones_imported(tmp_path, db):
    data = {
        "type": "FeatureCollection",
        "features": [
            _feature(name="Kildeparken"),
            {
                "type": "Feature",
                "geometry": None,
                "properties": {"name": "Uden geometri", "city": "Aalborg"},
            },
            _feature(
                name="Eiffeltårnet",
                city="Paris",
                geometry={"type": "Point", "coordinates": [2.2945, 48.8584]},
            ),
            _feature(name="Byttet om", geometry={"type": "Point", "coordinates": [57.05, 9.92]}),
            _feature(name=""),
            _feature(name="Uden by", city=""),
            _feature(name="Vulkanen", kind="volcano"),
            _feature(
                name="Linjen",
                geometry={"type": "LineString", "coordinates": [[9.9, 57.0], [9.91, 57.01]]},
            ),
            "not a feature",
            _feature(
                name="Bornholm",
                city="Rønne",
                geometry={"type": "Point", "coordinates": [14.6934, 55.1009]},
            ),
        ],
    }

    output = _import(tmp_path, data)

    assert sorted(Place.objects.values_list("name", flat=True)) == ["Bornholm", "Kildeparken"]
    lines = output.splitlines()
    assert lines[0] == "#1 Kildeparken: created"
    assert lines[1].startswith("#2 Uden geometri: refused (") and "geometri" in lines[1]
    assert "#3 Eiffeltårnet: refused" in lines[2] and "uden for Danmark" in lines[2]
    assert "#4 Byttet om: refused" in lines[3] and "uden for Danmark" in lines[3]
    assert lines[4].startswith("#5 ?: refused (mangler navn)")
    assert "mangler by" in lines[5]
    assert "ukendt type 'volcano'" in lines[6]
    assert "LineString" in lines[7]
    assert "#9 ?: refused (ikke en GeoJSON Feature)" == lines[8]
    assert lines[9] == "#10 Bornholm: created"
    assert lines[-1] == "2 created, 0 updated, 0 unchanged, 8 refused."


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json", "is not valid JSON"),
        (json.dumps({"type": "Point", "coordinates": [9.9, 57.0]}), "FeatureCollection"),
        (json.dumps({"type": "FeatureCollection", "features": "none"}), "features"),
    ],
)
def test_a_file_that_is_not_geojson_stops_with_a_clear_error(tmp_path, db, content, message):
    with pytest.raises(CommandError, match=message):
        _import(tmp_path, content)
    assert not Place.objects.exists()


def test_a_missing_file_stops_with_a_clear_error(tmp_path, db):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_places", str(tmp_path / "missing.geojson"))
