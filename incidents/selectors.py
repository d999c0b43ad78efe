"""Reads that serve a whole page section: the place page's incidents, the caretaker's week,
an incident's history."""

import itertools

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from places.models import Place

from .models import (
    FOLLOW_UP_FIELDS,
    REPORT_FIELDS,
    CaretakerPlace,
    Incident,
    IncidentEvent,
    SmallJob,
)

PLACE_WEEKS = 12


def place_incidents(user, place, *, weeks=PLACE_WEEKS):
    """The context of ``incidents/includes/place_incidents.html``: the incidents at a place
    per week over the last ``weeks`` weeks, as far as the user may see them. None for users
    who see no incidents (local group members, outsiders): the include then shows nothing.
    Two queries (the weekly counts and the latest five incidents)."""
    if not user.has_perm("incidents.view_incident"):
        return None
    visible = Incident.objects.visible_to(user).for_place(place)
    rows = visible.weekly_counts(weeks=weeks)
    peak = max((row["count"] for row in rows), default=0)
    return {
        "place": place,
        "weeks": rows,
        "peak": max(peak, 1),
        "total": sum(row["count"] for row in rows),
        "latest": list(visible.last_weeks(weeks).select_related("reported_by")[:5]),
    }


def my_week(user, *, today=None):
    """ "This week at my places": the week's incidents at the caretaker's places, grouped by
    place. One query for the places, one for the incidents."""
    places = list(Place.objects.filter(caretaker_links__user=user).order_by("city", "name"))
    incidents = list(
        Incident.objects.filter(place__in=places)
        .this_week(today=today)
        .select_related("place", "reported_by")
        .order_by("place__city", "place__name", "-occurred_at")
    )
    by_place = {
        place_id: list(group)
        for place_id, group in itertools.groupby(incidents, key=lambda i: i.place_id)
    }
    return [{"place": place, "incidents": by_place.get(place.pk, [])} for place in places]


def my_reports(user, *, limit=20):
    return Incident.objects.filter(reported_by=user).for_list()[:limit]


def my_small_jobs(user, *, limit=10):
    return SmallJob.objects.filter(reported_by=user).select_related("place")[:limit]


def has_places(user):
    return CaretakerPlace.objects.filter(user=user).exists()


HISTORY_FIELDS = (*REPORT_FIELDS, *FOLLOW_UP_FIELDS, "photo")


def _display(event, field, places):
    value = getattr(event, field if field != "place" else "place_id")
    if field == "place":
        place = places.get(value)
        return place.name if place else "–"
    if field == "occurred_at":
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if field == "photo":
        return _("photo") if value else "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field in ("category", "severity", "status"):
        return getattr(event, f"get_{field}_display")()
    return value if value not in ("", None) else "–"


def incident_history(incident):
    """The incident's history, oldest first: who changed what and when. Three queries (the
    events with their context, the users named in them, the places they mention)."""
    events = list(
        IncidentEvent.objects.filter(pgh_obj_id=incident.pk)
        .select_related("pgh_context")
        .order_by("pgh_created_at", "pgh_id")
    )
    user_ids = {e.pgh_context.metadata.get("user") for e in events if e.pgh_context is not None} - {
        None
    }
    users = get_user_model().objects.in_bulk(user_ids)
    places = Place.objects.in_bulk({e.place_id for e in events})
    labels = {f: Incident._meta.get_field(f).verbose_name for f in HISTORY_FIELDS}
    entries = []
    previous = None
    for event in events:
        metadata = event.pgh_context.metadata if event.pgh_context else {}
        who = users.get(metadata.get("user"))
        changes = []
        if previous is not None:
            for field in HISTORY_FIELDS:
                attname = "place_id" if field == "place" else field
                old, new = getattr(previous, attname), getattr(event, attname)
                if old != new:
                    changes.append(
                        {
                            "field": labels[field],
                            "old": _display(previous, field, places),
                            "new": _display(event, field, places),
                        }
                    )
        if previous is None or changes:
            entries.append(
                {
                    "when": event.pgh_created_at,
                    "who": (who.get_full_name() or who.get_username()) if who else None,
                    "action": metadata.get("action", ""),
                    "created": previous is None,
                    "changes": changes,
                }
            )
        previous = event
    return entries
