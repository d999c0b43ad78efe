"""Writes on places that span models: a problem's status with its dated note, the usage
grid of a place, and importing places from GeoJSON."""

import dataclasses
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .geojson import GeoJSONError, point_and_outline
from .models import Place, PlaceKind, ProblemNote, ProblemStatus, UsagePattern, in_denmark


@transaction.atomic
def place_save(*, place, contacts, facilities=(), removed_facilities=()):
    """Save a place with its contact people and what is there: ``facilities`` are new or
    changed Facility rows (their place is set here), ``removed_facilities`` go."""
    place.save()
    place.contacts.set(contacts)
    for facility in facilities:
        facility.place = place
        facility.save()
    for facility in removed_facilities:
        facility.delete()
    return place


@transaction.atomic
def problem_change_status(*, problem, status, note="", user=None, on=None):
    """Set a problem's status and keep a dated note of the change (and of the words that
    came with it). Resolving stamps ``resolved_on``; reopening clears it."""
    on = on or timezone.localdate()
    changed = status != problem.status
    if changed:
        problem.status = status
        resolved = status == ProblemStatus.RESOLVED
        problem.resolved_on = max(on, problem.observed_on) if resolved else None
        problem.full_clean()
        problem.save(update_fields=["status", "resolved_on", "updated_at"])
    entry = ProblemNote(
        problem=problem,
        date=on,
        text=note.strip(),
        status=status if changed else "",
        author=user if user is not None and user.is_authenticated else None,
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def place_set_usage(*, place, levels, notes=None):
    """Replace a place's usage grid. ``levels`` maps (season, time_of_day) to a UsageLevel,
    or None for "not known" (the cell is removed)."""
    existing = {(u.season, u.time_of_day): u for u in place.usage.all()}
    for (season, time_of_day), level in levels.items():
        current = existing.get((season, time_of_day))
        if level is None:
            if current is not None:
                current.delete()
        elif current is None:
            UsagePattern.objects.create(
                place=place, season=season, time_of_day=time_of_day, level=level
            )
        elif current.level != level:
            current.level = level
            current.save(update_fields=["level"])
    if notes is not None and notes != place.usage_notes:
        place.usage_notes = notes
        place.save(update_fields=["usage_notes"])


@dataclasses.dataclass
class ImportResult:
    number: int  # 1-based position of the feature in the file
    name: str
    action: str  # "created", "updated", "unchanged" or "refused"
    reason: str = ""
    place: Place | None = None

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REFUSED = "refused"


class FeatureRefused(Exception):
    pass


SIX_PLACES = Decimal("0.000001")


def _coordinate(value):
    return Decimal(str(value)).quantize(SIX_PLACES, rounding=ROUND_HALF_UP)


def _text(properties, key):
    value = properties.get(key)
    return value.strip() if isinstance(value, str) else ""


def _values_from_feature(feature):
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise FeatureRefused(_("not a GeoJSON Feature"))
    properties = feature.get("properties") or {}
    if not isinstance(properties, dict):
        raise FeatureRefused(_("its properties are not an object"))
    name = _text(properties, "name")
    if not name:
        raise FeatureRefused(_("missing name"))
    city = _text(properties, "city")
    if not city:
        raise FeatureRefused(_("missing city"))
    try:
        latitude, longitude, outline = point_and_outline(feature.get("geometry"))
    except GeoJSONError as error:
        raise FeatureRefused(str(error)) from error
    if not in_denmark(latitude, longitude):
        raise FeatureRefused(
            _("the point (%(lat).5f, %(lon).5f) lies outside Denmark")
            % {"lat": latitude, "lon": longitude}
        )
    kind = _text(properties, "kind")
    if kind and kind not in PlaceKind.values:
        raise FeatureRefused(
            _("unknown kind %(kind)r (one of: %(kinds)s)")
            % {"kind": kind, "kinds": ", ".join(PlaceKind.values)}
        )
    values = {
        "name": name,
        "city": city,
        "latitude": _coordinate(latitude),
        "longitude": _coordinate(longitude),
    }
    if kind:
        values["kind"] = kind
    if outline is not None:
        values["outline"] = outline
    for key in ("address", "description"):
        if isinstance(properties.get(key), str):
            values[key] = properties[key].strip()
    return values


def _import_feature(number, feature):
    try:
        values = _values_from_feature(feature)
    except FeatureRefused as refusal:
        name = ""
        if isinstance(feature, dict) and isinstance(feature.get("properties"), dict):
            name = _text(feature["properties"], "name")
        return ImportResult(number, name, ImportResult.REFUSED, str(refusal))
    place = Place.objects.filter(name__iexact=values["name"], city__iexact=values["city"]).first()
    created = place is None
    if created:
        place = Place(kind=PlaceKind.OTHER)
    else:
        # The match keeps the place's own spelling of its name and city.
        del values["name"], values["city"]
    changed = [key for key, value in values.items() if getattr(place, key) != value]
    if not created and not changed:
        return ImportResult(number, place.name, ImportResult.UNCHANGED, place=place)
    for key in changed:
        setattr(place, key, values[key])
    try:
        place.full_clean()
    except ValidationError as error:
        messages = [m for field_messages in error.message_dict.values() for m in field_messages]
        return ImportResult(number, place.name, ImportResult.REFUSED, " ".join(messages))
    place.save()
    if created:
        return ImportResult(number, place.name, ImportResult.CREATED, place=place)
    return ImportResult(
        number,
        place.name,
        ImportResult.UPDATED,
        _("changed: %(fields)s") % {"fields": ", ".join(changed)},
        place=place,
    )


def import_places(data):
    """Create or update places from a GeoJSON FeatureCollection (or one Feature), matching
    an existing place by name and city (upper and lower case alike). Each feature is saved
    on its own: a bad feature is refused with its reason and never stops the good ones."""
    if isinstance(data, dict) and data.get("type") == "Feature":
        features = [data]
    elif isinstance(data, dict) and data.get("type") == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list):
            raise GeoJSONError(_("The FeatureCollection has no list of features."))
    else:
        raise GeoJSONError(_("The file is not a GeoJSON FeatureCollection or Feature."))
    results = []
    for number, feature in enumerate(features, start=1):
        with transaction.atomic():
            results.append(_import_feature(number, feature))
    return results
