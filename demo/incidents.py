"""Demo incidents and small jobs: sixteen weeks on each municipality's demo places, reported
by its demo caretaker: in Aalborg "vicevaert" (Kasper Holm) on the squares and parks of the
terms of reference; in Aarhus "vicevaert.aarhus" (Jonas Eriksen) on Klostertorvet, where the
small jobs are too (seed 000: the small-jobs effort is Klostertorvet's).

Each municipality and calendar date gets its own random generator and UUIDs (uuid5 of the
municipality's code and the date), so a date's incidents are the same whenever the seeder
runs: running it twice changes nothing, and a run on a later day only adds the days since.
The week has a rhythm: quiet early in the week, busy on Friday and Saturday, most in the
afternoon and evening.
"""

import datetime
import decimal
import random
import uuid

from django.contrib.auth import get_user_model
from django.utils import timezone

from actionplan.models import Initiative
from incidents.models import REPORT_FIELDS, CaretakerPlace, Incident, SmallJob
from incidents.models import SMALL_JOB_FIELDS as SMALL_JOB_MODEL_FIELDS
from incidents.services import history
from places.models import Place

from .municipalities import AALBORG, AARHUS

NAMESPACE = uuid.UUID("6f1d7c3e-2b9a-4a51-9d3e-8c2f0b7a1e44")
# The login that reports each municipality's incidents and small jobs (demo.seed).
DEMO_CARETAKERS = {AALBORG: "vicevaert", AARHUS: "vicevaert.aarhus"}
DAYS = 16 * 7

# name, city (its municipality), kind, latitude, longitude, how busy (relative)
PLACES = [
    ("Klostertorvet", "Aarhus", Place.Kind.SQUARE, "56.158900", "10.208900", 4),
    ("Arkivpladsen", "Aalborg", Place.Kind.SQUARE, "57.047600", "9.920600", 3),
    ("J.F. Kennedys Plads", "Aalborg", Place.Kind.SQUARE, "57.043000", "9.917000", 2),
    ("Karolinelunden", "Aalborg", Place.Kind.PARK, "57.046000", "9.928700", 2),
    ("Kildeparken", "Aalborg", Place.Kind.PARK, "57.043200", "9.912600", 2),
]

# Monday .. Sunday: how many incidents a day, over a municipality's places.
WEEKDAY_RATE = [0.9, 1.0, 1.1, 1.5, 2.3, 2.5, 1.3]
HOUR_WEIGHTS = {
    7: 1,
    8: 2,
    9: 2,
    10: 3,
    11: 4,
    12: 5,
    13: 6,
    14: 7,
    15: 7,
    16: 8,
    17: 8,
    18: 7,
    19: 6,
    20: 5,
    21: 4,
    22: 2,
    23: 1,
}

C = Incident.Category
# category: (weight, severities, people (min, max), police chance, ambulance chance,
#            follow-up chance, descriptions)
CATEGORIES = {
    C.INTERNAL_CONFLICT: (
        14,
        [1, 1, 2],
        (2, 5),
        0.05,
        0.0,
        0.1,
        [
            "Højlydt skænderi i gruppen ved bænkene. Faldt til ro efter en snak.",
            "Uenighed om pladsen under halvtaget, løst ved at flytte lidt rundt.",
        ],
    ),
    C.CONFLICT_WITH_OTHERS: (
        8,
        [1, 2, 2],
        (2, 4),
        0.1,
        0.0,
        0.2,
        [
            "Forbipasserende klagede over tilråb. Talt med begge parter.",
            "Butiksansat bad gruppen flytte fra indgangen. Aftalt at holde afstand.",
        ],
    ),
    C.VIOLENCE: (
        4,
        [2, 3, 3],
        (2, 4),
        0.6,
        0.2,
        0.5,
        [
            "Slagsmål mellem to personer. Skilt ad, politiet kom til stede.",
            "Skub og slag ved busstoppestedet. Situationen roet ned.",
        ],
    ),
    C.THREATS: (
        5,
        [2, 2, 3],
        (1, 3),
        0.3,
        0.0,
        0.5,
        [
            "Trusler mod forbipasserende. Personen fik en pause væk fra pladsen.",
            "Verbale trusler i gruppen. Fulgt op senere på dagen.",
        ],
    ),
    C.INTOXICATION: (
        14,
        [1, 1, 2],
        (1, 4),
        0.05,
        0.05,
        0.1,
        [
            "Flere meget berusede. Tilbudt vand og hjælp til at finde et sted at hvile.",
            "Påvirket person faldt i søvn på bænken. Holdt øje.",
        ],
    ),
    C.WASTE: (
        12,
        [1, 1, 1],
        (1, 2),
        0.0,
        0.0,
        0.1,
        [
            "Mange flasker og dåser efter aftenen. Ryddet op sammen med gruppen.",
            "Overfyldte skraldespande. Givet besked til driften.",
        ],
    ),
    C.URINATION: (
        10,
        [1, 1, 2],
        (1, 2),
        0.0,
        0.0,
        0.15,
        [
            "Urinering ved muren. Henvist til toilettet.",
            "Toilettet lukket, så folk brugte hjørnet. Meldt til driften.",
        ],
    ),
    C.SLEEPING_ROUGH: (
        6,
        [1, 1, 2],
        (1, 2),
        0.0,
        0.0,
        0.3,
        [
            "Person har sovet under halvtaget. Henvist til natvarmestue.",
            "Sovepose og tæpper efterladt ved bænken.",
        ],
    ),
    C.NOISE: (
        8,
        [1, 1, 2],
        (2, 6),
        0.05,
        0.0,
        0.05,
        [
            "Høj musik om aftenen, naboer generet. Skruet ned efter aftale.",
            "Råb og larm sent på aftenen.",
        ],
    ),
    C.DAMAGE: (
        3,
        [1, 2, 2],
        (1, 2),
        0.2,
        0.0,
        0.4,
        [
            "Knust flaske i springvandet og en bænk med skader. Meldt til driften.",
            "Plantekumme væltet.",
        ],
    ),
    C.HEALTH_EMERGENCY: (
        2,
        [3, 3, 3],
        (1, 1),
        0.1,
        0.8,
        0.5,
        [
            "Person faldt om. Ambulance tilkaldt, fik hjælp på stedet.",
            "Akut dårlig person. Hjulpet videre til behandling.",
        ],
    ),
    C.GOOD_CONTACT: (
        10,
        [1, 1, 1],
        (1, 6),
        0.0,
        0.0,
        0.0,
        [
            "God snak med gruppen om aftaler for pladsen.",
            "Fælles kaffe på pladsen. God stemning.",
        ],
    ),
    C.DE_ESCALATION: (
        6,
        [1, 2, 2],
        (2, 4),
        0.0,
        0.0,
        0.05,
        [
            "Optrappende skænderi nedtrappet ved at tale roligt med begge.",
            "Gruppen hjalp selv med at få ro på en konflikt.",
        ],
    ),
}

# weekday -> (place name, task, note): Klostertorvet's small jobs (seed 000: cleaning the
# square, washing chairs, caring for the plants), with the caretakers and Kirkens Korshær.
SMALL_JOBS = {
    AARHUS: {
        1: ("Klostertorvet", SmallJob.Task.CLEANING, "Fejet torvet og samlet flasker"),
        2: ("Klostertorvet", SmallJob.Task.GREEN_CARE, "Vandet og luget plantekummerne"),
        3: ("Klostertorvet", SmallJob.Task.WASHING_FURNITURE, "Vasket stole og bænke"),
        4: ("Klostertorvet", SmallJob.Task.WASTE_COLLECTION, "Samlet affald omkring torvet"),
    },
}


def places_of(municipality):
    """The rows of PLACES in ``municipality``'s city."""
    return [row for row in PLACES if row[1] == municipality.name]


def _places(municipality):
    found = {}
    for name, city, kind, lat, lon, _weight in places_of(municipality):
        place, _created = Place.objects.get_or_create(
            name=name,
            city=city,
            defaults={
                "kind": kind,
                "latitude": decimal.Decimal(lat),
                "longitude": decimal.Decimal(lon),
            },
        )
        found[name] = place
    return found


def _aware(date, hour, minute):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour, minute)))


def incidents_for(municipality, date, places, reporter):
    """``municipality``'s demo incidents of one calendar date (always the same for that
    date)."""
    key = f"{municipality.code}-{date.isoformat()}"
    rng = random.Random(f"byrum-incidents-{key}")
    rate = WEEKDAY_RATE[date.weekday()]
    count = int(rate + rng.random())
    rows = places_of(municipality)
    names = [p[0] for p in rows]
    busy = [p[5] for p in rows]
    categories = list(CATEGORIES)
    weights = [CATEGORIES[c][0] for c in categories]
    hours = list(HOUR_WEIGHTS)
    recent = date >= timezone.localdate() - datetime.timedelta(days=14)
    result = []
    for n in range(count):
        category = rng.choices(categories, weights)[0]
        _w, severities, (low, high), police, ambulance, follow_up, texts = CATEGORIES[category]
        occurred_at = _aware(
            date, rng.choices(hours, [HOUR_WEIGHTS[h] for h in hours])[0], rng.randrange(60)
        )
        needs_follow_up = rng.random() < follow_up
        result.append(
            Incident(
                client_uuid=uuid.uuid5(NAMESPACE, f"incident-{key}-{n}"),
                place=places[rng.choices(names, busy)[0]],
                occurred_at=occurred_at,
                category=category,
                severity=rng.choice(severities),
                people_involved=rng.randint(low, high),
                police_called=rng.random() < police,
                ambulance_called=rng.random() < ambulance,
                description=rng.choice(texts),
                follow_up_needed=needs_follow_up,
                status=(
                    Incident.Status.OPEN if needs_follow_up and recent else Incident.Status.HANDLED
                ),
                reported_by=reporter,
                created_at=occurred_at + datetime.timedelta(minutes=rng.randint(2, 40)),
            )
        )
    return result


def small_jobs_for(municipality, date, places, reporter, initiatives):
    """``municipality``'s small job of one calendar date, if any, under the small-jobs
    initiative at its place (``initiatives``: by place name)."""
    job = SMALL_JOBS.get(municipality.name, {}).get(date.weekday())
    if job is None:
        return []
    key = f"{municipality.code}-{date.isoformat()}"
    rng = random.Random(f"byrum-small-jobs-{key}")
    place, task, note = job
    return [
        SmallJob(
            client_uuid=uuid.uuid5(NAMESPACE, f"small-job-{key}"),
            date=date,
            place=places[place],
            task=task,
            note=note,
            participants=rng.randint(2, 6),
            hours=decimal.Decimal(rng.choice(["1.5", "2.0", "2.5", "3.0"])),
            reported_by=reporter,
            initiative=initiatives.get(place),
        )
    ]


def _sync(model, wanted, fields):
    """Create what is missing, update what differs, by client UUID (a no-op the second time)."""
    existing = model.objects.in_bulk([obj.client_uuid for obj in wanted], field_name="client_uuid")
    missing = [obj for obj in wanted if obj.client_uuid not in existing]
    changed = []
    for obj in wanted:
        current = existing.get(obj.client_uuid)
        if current is None:
            continue
        differs = [f for f in fields if getattr(current, f) != getattr(obj, f)]
        if differs:
            for f in fields:
                setattr(current, f, getattr(obj, f))
            changed.append(current)
    model.objects.bulk_create(missing)
    if changed:
        model.objects.bulk_update(changed, fields)
    return len(missing), len(changed)


def _columns(fields):
    """Model field names as the columns bulk_update and the comparison use."""
    return [f"{name}_id" if name in ("place", "initiative") else name for name in fields]


# What a report holds (incidents.models), plus what the demo sets beside it.
INCIDENT_FIELDS = [*_columns(REPORT_FIELDS), "status", "reported_by_id"]
SMALL_JOB_FIELDS = [*_columns(SMALL_JOB_MODEL_FIELDS), "reported_by_id"]


def seed(municipality):
    """``municipality``'s incidents and small jobs of the last sixteen weeks, by its demo
    caretaker (when the demo logins exist), who looks after its places."""
    places = _places(municipality)
    reporter = get_user_model().objects.filter(username=DEMO_CARETAKERS[municipality.name]).first()
    if reporter is not None:
        for place in places.values():
            CaretakerPlace.objects.get_or_create(user=reporter, place=place)
    today = timezone.localdate()
    dates = [today - datetime.timedelta(days=d) for d in range(1, DAYS + 1)]
    incidents = [i for date in dates for i in incidents_for(municipality, date, places, reporter)]
    initiatives = {}
    for name, place in places.items():
        found = Initiative.objects.filter(kind=Initiative.Kind.SMALL_JOBS, places=place).first()
        if found is not None:
            initiatives[name] = found
    jobs = [
        job
        for date in dates
        for job in small_jobs_for(municipality, date, places, reporter, initiatives)
    ]
    with history(None, action="seed_demo"):
        new_incidents, _changed = _sync(Incident, incidents, INCIDENT_FIELDS)
        new_jobs, _changed = _sync(SmallJob, jobs, SMALL_JOB_FIELDS)
    return {
        "places": places,
        "incidents": len(incidents),
        "small_jobs": len(jobs),
        "new_incidents": new_incidents,
        "new_small_jobs": new_jobs,
    }
