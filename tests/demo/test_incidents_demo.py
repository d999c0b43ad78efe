"""The demo incidents and small jobs: on each municipality's demo places, by its demo
caretaker, idempotent."""

import io

from django.core.management import call_command
from django.db.models import Count

from byrum import tenancy
from demo.seed import municipalities
from incidents.models import CaretakerPlace, Incident, IncidentEvent, SmallJob
from places.models import Place


def seed():
    call_command("seed_demo", "--demo-users", stdout=io.StringIO())


def snapshot():
    """Each municipality's incidents, small jobs, their history and the caretakers' places."""
    seen = []
    for municipality in municipalities():
        with tenancy.municipality(municipality.pk):
            seen.append(
                (
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
                    list(
                        SmallJob.objects.order_by("client_uuid").values_list(
                            "client_uuid", "date", "hours", "initiative__title"
                        )
                    ),
                    IncidentEvent.objects.count(),
                    CaretakerPlace.objects.count(),
                    Place.objects.count(),
                )
            )
    return seen


def test_seed_demo_adds_months_of_incidents_by_aalborgs_demo_caretaker(db):
    seed()  # the test works in Aalborg
    incidents = Incident.objects.all()
    assert incidents.count() > 100
    assert set(incidents.values_list("reported_by__username", flat=True)) == {"vicevaert"}
    assert set(incidents.values_list("place__name", flat=True)) == {
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
    assert CaretakerPlace.objects.filter(user__username="vicevaert").count() == 4
    assert not SmallJob.objects.exists()


def test_seed_demo_adds_klostertorvets_incidents_and_small_jobs_in_aarhus(db):
    seed()
    with tenancy.municipality(municipalities()[1].pk):
        klostertorvet = Place.objects.get(name="Klostertorvet")
        assert klostertorvet.city == "Aarhus"
        incidents = Incident.objects.all()
        assert incidents.count() > 100
        assert set(incidents.values_list("place", flat=True)) == {klostertorvet.pk}
        assert set(incidents.values_list("reported_by__username", flat=True)) == {
            "vicevaert.aarhus"
        }
        jobs = SmallJob.objects.all()
        assert jobs.count() > 20
        assert set(jobs.values_list("reported_by__username", flat=True)) == {"vicevaert.aarhus"}
        assert set(jobs.values_list("place", flat=True)) == {klostertorvet.pk}
        assert set(jobs.values_list("initiative__title", flat=True)) == {"Småjobs på Klostertorvet"}
        assert set(jobs.values_list("task", flat=True)) == {
            "cleaning",
            "green_care",
            "washing_furniture",
            "waste_collection",
        }
        assert list(CaretakerPlace.objects.values_list("user__username", "place")) == [
            ("vicevaert.aarhus", klostertorvet.pk)
        ]


def test_seed_demo_twice_changes_nothing(db):
    seed()
    first = snapshot()
    seed()
    assert snapshot() == first
