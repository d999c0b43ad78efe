"""The demo incidents and small jobs: on the demo places, by the demo caretaker, idempotent."""

import io

from django.core.management import call_command
from django.db.models import Count

from incidents.models import CaretakerPlace, Incident, IncidentEvent, SmallJob
from places.models import Place


def seed():
    call_command("seed_demo", "--demo-users", stdout=io.StringIO())


def snapshot():
    return (
        list(
            Incident.objects.order_by("client_uuid").values_list(
                "client_uuid",
                "place__name",
                "occurred_at",
                "category",
                "severity",
                "status",
                "reported_by__username",
            )
        ),
        list(SmallJob.objects.order_by("client_uuid").values_list("client_uuid", "date", "hours")),
        IncidentEvent.objects.count(),
        CaretakerPlace.objects.count(),
        Place.objects.count(),
    )


def test_seed_demo_adds_months_of_incidents_by_the_demo_caretaker(db):
    seed()
    incidents = Incident.objects.all()
    assert incidents.count() > 100
    assert set(incidents.values_list("reported_by__username", flat=True)) == {"vicevaert"}
    assert set(incidents.values_list("place__name", flat=True)) == {
        "Klostertorvet",
        "Arkivpladsen",
        "J.F. Kennedys Plads",
        "Karolinelunden",
        "Kildeparken",
    }
    assert incidents.values("category").distinct().count() >= 10
    assert incidents.values("severity").distinct().count() == 3
    # the weekly rhythm: Friday and Saturday are busier than Monday
    by_day = dict(
        incidents.values_list("occurred_at__week_day").annotate(n=Count("pk")).order_by()
    )  # Sunday=1 .. Saturday=7
    assert by_day[6] + by_day[7] > 2 * by_day[2]
    klostertorvet = Place.objects.get(name="Klostertorvet")
    assert klostertorvet.city == "Aarhus"
    assert klostertorvet.incidents.exists()
    assert SmallJob.objects.filter(reported_by__username="vicevaert").count() > 20
    assert CaretakerPlace.objects.filter(user__username="vicevaert").count() == 5


def test_seed_demo_twice_changes_nothing(db):
    seed()
    first = snapshot()
    seed()
    assert snapshot() == first
