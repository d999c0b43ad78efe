"""Places as GeoJSON (RFC 7946): the /places.geojson export and the import_places command.

Coordinates in GeoJSON are [longitude, latitude]. A place is a Point; a place with an
outline is a GeometryCollection of its Point and its Polygon or MultiPolygon.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

OUTLINE_TYPES = ("Polygon", "MultiPolygon")


class GeoJSONError(ValueError):
    """Input that is not the GeoJSON we can use; the message says why, in words."""


def _is_position(value):
    return (
        isinstance(value, list | tuple)
        and len(value) >= 2
        and all(isinstance(c, int | float | Decimal) and not isinstance(c, bool) for c in value)
    )


def _check_ring(ring):
    if not isinstance(ring, list) or len(ring) < 4 or not all(_is_position(p) for p in ring):
        raise GeoJSONError(
            _("Each ring of an outline needs at least four [longitude, latitude] positions.")
        )
    if list(ring[0][:2]) != list(ring[-1][:2]):
        raise GeoJSONError(_("Each ring of an outline must end where it starts."))


def validate_outline(geometry):
    """Check that ``geometry`` is a GeoJSON Polygon or MultiPolygon; raise GeoJSONError."""
    if not isinstance(geometry, dict) or geometry.get("type") not in OUTLINE_TYPES:
        raise GeoJSONError(_("An outline must be a GeoJSON Polygon or MultiPolygon."))
    coordinates = geometry.get("coordinates")
    polygons = [coordinates] if geometry["type"] == "Polygon" else coordinates
    if not isinstance(polygons, list) or not polygons:
        raise GeoJSONError(_("The outline has no coordinates."))
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            raise GeoJSONError(_("The outline has no coordinates."))
        for ring in polygon:
            _check_ring(ring)
    return geometry


def _outline_centre(geometry):
    """The middle of an outline's bounding box: a point for a place given only as an area."""
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    positions = [p for polygon in polygons for p in polygon[0]]
    lons = [p[0] for p in positions]
    lats = [p[1] for p in positions]
    return (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2


def point_and_outline(geometry):
    """(latitude, longitude, outline or None) from a feature's geometry; GeoJSONError if the
    geometry cannot place it."""
    if not geometry:
        raise GeoJSONError(_("no geometry"))
    if not isinstance(geometry, dict):
        raise GeoJSONError(_("the geometry is not a GeoJSON object"))
    kind = geometry.get("type")
    if kind == "Point":
        position = geometry.get("coordinates")
        if not _is_position(position):
            raise GeoJSONError(_("the point has no [longitude, latitude] coordinates"))
        return float(position[1]), float(position[0]), None
    if kind in OUTLINE_TYPES:
        validate_outline(geometry)
        latitude, longitude = _outline_centre(geometry)
        return latitude, longitude, geometry
    if kind == "GeometryCollection":
        members = geometry.get("geometries") or []
        points = [g for g in members if isinstance(g, dict) and g.get("type") == "Point"]
        outlines = [g for g in members if isinstance(g, dict) and g.get("type") in OUTLINE_TYPES]
        outline = validate_outline(outlines[0]) if outlines else None
        if points:
            latitude, longitude, _none = point_and_outline(points[0])
            return latitude, longitude, outline
        if outline:
            latitude, longitude = _outline_centre(outline)
            return latitude, longitude, outline
        raise GeoJSONError(_("the geometry collection holds no point or outline"))
    raise GeoJSONError(
        _("geometry of type %(type)s cannot place a place (use Point, Polygon or MultiPolygon)")
        % {"type": kind}
    )


def place_geometry(place):
    point = {
        "type": "Point",
        "coordinates": [float(place.longitude), float(place.latitude)],
    }
    if place.outline:
        return {"type": "GeometryCollection", "geometries": [point, place.outline]}
    return point


def place_feature(place, url):
    """One place as a Feature. ``place`` comes from Place.objects.for_map() (it carries
    open_problem_count); ``url`` is its detail page."""
    return {
        "type": "Feature",
        "id": place.pk,
        "geometry": place_geometry(place),
        "properties": {
            "name": place.name,
            "kind": place.kind,
            "kind_label": str(place.get_kind_display()),
            "city": place.city,
            "address": place.address,
            "description": place.description,
            "open_problem_count": getattr(place, "open_problem_count", None),
            "url": url,
        },
    }


def feature_collection(places, url_for):
    """A FeatureCollection of ``places``; ``url_for(place)`` gives each detail URL."""
    return {
        "type": "FeatureCollection",
        "features": [place_feature(place, url_for(place)) for place in places],
    }
