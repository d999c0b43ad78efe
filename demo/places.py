"""Demo places: Klostertorvet in Aarhus and the Aalborg places named in the terms of
reference and the Tryg Aalborg news (Arkivhaven, Godsbanearealet, the drop-in centre
Hjerterummet and the covered safe place near it). Names, kinds and problems come from the
source documents; coordinates are the places' real positions to within about a hundred
metres. A place belongs to the municipality of its city: each municipality seeds the places in
its city, with their facilities, problems and usage.

Keyed on natural keys with fixed dates, so running it twice changes nothing.
"""

import datetime
from decimal import Decimal

from governance.models import Group, Person
from places.models import (
    Facility,
    Place,
    Problem,
    ProblemNote,
    Season,
    TimeOfDay,
    UsageLevel,
    UsagePattern,
)

from . import governance
from .seeding import upsert

K = Place.Kind
F = Facility.Kind
S = Facility.State
C = Problem.Category
SRC = Problem.Source
ST = Problem.Status
SEV = Problem.Severity

# name, city, kind, latitude, longitude, address, local group, contacts, description
PLACES = [
    (
        "Klostertorvet",
        "Aarhus",
        K.SQUARE,
        "56.158900",
        "10.207500",
        "Klostertorvet, 8000 Aarhus C",
        governance.NETWORK,
        ["Lars Vind", "Jonas Eriksen"],
        "Torv i Aarhus Midtby, hvor mange socialt udsatte samles, efter at de er skubbet væk "
        "fra andre steder i byen. Kontekstanalyse 2016 (Kenneth Balfelt Team).",
    ),
    (
        "Arkivpladsen",
        "Aalborg",
        K.SQUARE,
        "57.048600",
        "9.917800",
        "Ved Arkivhaven, 9000 Aalborg",
        governance.LOCAL_ARKIVHAVEN,
        ["Camilla Vestergaard"],
        "Plads i Midtbyen nævnt i kommissoriet blandt de steder, hvor der opleves problemer.",
    ),
    (
        "J.F. Kennedys Plads",
        "Aalborg",
        K.SQUARE,
        "57.042900",
        "9.917600",
        "Foran Aalborg Banegård, 9000 Aalborg",
        None,
        ["Karina Friis"],
        "Pladsen foran banegården og busterminalen: et samlingssted med meget gennemgang.",
    ),
    (
        "Karolinelunden",
        "Aalborg",
        K.PARK,
        "57.045600",
        "9.931500",
        "Østerbro, 9000 Aalborg",
        None,
        ["Karina Friis"],
        "Park i den østlige del af Midtbyen.",
    ),
    (
        "Kildeparken",
        "Aalborg",
        K.PARK,
        "57.041900",
        "9.912700",
        "Ved Aalborg Kongres & Kultur Center, 9000 Aalborg",
        None,
        ["Lone Kjær"],
        "Stor park ved Vesterbro og kulturcentret.",
    ),
    (
        "Frederikstorv",
        "Aalborg",
        K.SQUARE,
        "57.044000",
        "9.926200",
        "Mellem Danmarksgade og Niels Ebbesens Gade, 9000 Aalborg",
        None,
        ["Karina Friis"],
        "Torv omgivet af butikker, værtshuse og boliger; bruges i dag meget til parkering.",
    ),
    (
        "Bredgade Torv",
        "Aalborg",
        K.SQUARE,
        "57.059300",
        "9.922500",
        "Bredgade, 9400 Nørresundby",
        None,
        ["Karina Friis"],
        "Torvet ved gågaden i Nørresundby.",
    ),
    (
        "Arkivhaven",
        "Aalborg",
        K.PARK,
        "57.047800",
        "9.919500",
        "Ved Vor Frue Kirke, 9000 Aalborg",
        governance.LOCAL_ARKIVHAVEN,
        ["Peter Dahl", "Sara Munk"],
        "Lille have ved Vor Frue Kirke. Samskabelsesproces med beboere, erhvervsliv, Kirkens "
        "Korshærs Varmestue, kommunen og politiet.",
    ),
    (
        "Godsbanearealet",
        "Aalborg",
        K.HOUSING_AREA,
        "57.044400",
        "9.909200",
        "Godsbanearealet, 9000 Aalborg",
        governance.LOCAL_GODSBANEN,
        ["Mona Eskildsen"],
        "Nyt byområde med campus, boliger og erhverv og grønne, rekreative arealer, som "
        "bruges af beboere, studerende og Hjerterummets gæster.",
    ),
    (
        "Hjerterummet",
        "Aalborg",
        K.DROP_IN_CENTRE,
        "57.044900",
        "9.911000",
        "Jyllandsgade, 9000 Aalborg",
        governance.LOCAL_GODSBANEN,
        ["Mona Eskildsen"],
        "Den sociale café Hjerterummet: værested for borgere i udsatte positioner, flyttet fra "
        "Østerbro til Godsbanearealet. Åbent hus for naboerne i oktober og 30. november.",
    ),
    (
        "Overdækket hellested ved Hjerterummet",
        "Aalborg",
        K.SAFE_PLACE,
        "57.044700",
        "9.910300",
        "Godsbanearealet, tæt på Hjerterummet",
        governance.LOCAL_GODSBANEN,
        ["Mona Eskildsen"],
        "Lille overdækket plads med bord-bænkesæt, delvist i læ af træer, hvor værestedets "
        "gæster kan opholde sig lige før, under og efter åbningstiden. Etableret af "
        "Hjerterummet, Grundejerforeningen Godsbanearealet og Center for Sociale Indsatser.",
    ),
]

FACILITIES = {
    "Klostertorvet": [
        (F.TOILETS, S.GOOD, "Nyt toilet med to toiletter og et pissoir, opstillet i maj 2017."),
        (F.BENCHES, S.WORN, "Inventaret trænger til et generelt løft."),
        (F.BIKE_PARKING, S.WORN, "Cykelparkeringen skal fornyes."),
        (F.WASTE_BINS, S.WORN, "Renhold af området skal styrkes."),
        (F.LIGHTING, S.GOOD, ""),
    ],
    "Arkivhaven": [
        (F.BENCHES, S.GOOD, ""),
        (F.LIGHTING, S.WORN, "Mørke hjørner om aftenen."),
        (F.TOILETS, S.MISSING, "Intet offentligt toilet i nærheden."),
    ],
    "J.F. Kennedys Plads": [
        (F.TOILETS, S.MISSING, "Intet toilet på pladsen."),
        (F.BENCHES, S.GOOD, ""),
        (F.SHELTER, S.MISSING, ""),
    ],
    "Kildeparken": [(F.BENCHES, S.GOOD, ""), (F.LIGHTING, S.WORN, "")],
    "Overdækket hellested ved Hjerterummet": [
        (F.SHELTER, S.GOOD, "Overdækning, delvist i læ af træer."),
        (F.BENCHES, S.GOOD, "Et bord-bænkesæt."),
    ],
}

CONTEXT_ANALYSIS = datetime.date(2016, 9, 1)
AALBORG_START = datetime.date(2017, 12, 1)

# place, category, severity, source, observed on, status, resolved on, description,
# notes: [(date, new status or "", text)]
PROBLEMS = [
    (
        "Klostertorvet",
        C.VIOLENT_CONFLICTS,
        SEV.HIGH,
        SRC.CONTEXT_ANALYSIS,
        CONTEXT_ANALYSIS,
        ST.BEING_ADDRESSED,
        None,
        "Voldelige konflikter, både internt i miljøet og med naboer, erhvervsliv og "
        "professionelle.",
        [
            (
                datetime.date(2017, 3, 1),
                ST.BEING_ADDRESSED,
                "Sociale viceværter ansat: de opbygger relationer og normer og løser konflikter.",
            )
        ],
    ),
    (
        "Klostertorvet",
        C.CROWDING,
        SEV.HIGH,
        SRC.CONTEXT_ANALYSIS,
        CONTEXT_ANALYSIS,
        ST.BEING_ADDRESSED,
        None,
        "Højt antal udsatte samlet på et lille byområde: de har få eller ingen attraktive "
        "alternativer til Klostertorvsområdet.",
        [
            (
                datetime.date(2017, 4, 1),
                ST.BEING_ADDRESSED,
                "Der arbejdes på 3-5 udendørs og overdækkede hellesteder andre steder i byen.",
            )
        ],
    ),
    (
        "Klostertorvet",
        C.WASTE,
        SEV.MEDIUM,
        SRC.CONTEXT_ANALYSIS,
        CONTEXT_ANALYSIS,
        ST.OPEN,
        None,
        "Efterladenskaber på og omkring torvet.",
        [],
    ),
    (
        "Klostertorvet",
        C.TOILET_CONDITIONS,
        SEV.HIGH,
        SRC.CONTEXT_ANALYSIS,
        CONTEXT_ANALYSIS,
        ST.RESOLVED,
        datetime.date(2017, 5, 15),
        "Uværdige toiletforhold: toilettet har længe været ude af drift, så udsatte og "
        "nattelivsgæster forretter nødtørft uhensigtsmæssige steder.",
        [
            (
                datetime.date(2017, 2, 1),
                ST.BEING_ADDRESSED,
                "Midlertidigt pissoir stillet op på torvet.",
            ),
            (
                datetime.date(2017, 5, 15),
                ST.RESOLVED,
                "Nyt toilet med to toiletter og et pissoir er opstillet.",
            ),
        ],
    ),
    (
        "Klostertorvet",
        C.STRESS,
        SEV.MEDIUM,
        SRC.CONTEXT_ANALYSIS,
        CONTEXT_ANALYSIS,
        ST.OPEN,
        None,
        "Højt stressniveau og dårlig søvn blandt de udsatte.",
        [],
    ),
    (
        "Klostertorvet",
        C.NO_ORDER,
        SEV.MEDIUM,
        SRC.CONTEXT_ANALYSIS,
        CONTEXT_ANALYSIS,
        ST.BEING_ADDRESSED,
        None,
        "Ingen sørger for ro og orden; de udsatte har en destruktiv, aldrig konstruktiv rolle i "
        "området.",
        [
            (
                datetime.date(2017, 6, 1),
                ST.BEING_ADDRESSED,
                "Småjobs med beskæftigelseskonsulent, sociale viceværter og Kirkens Korshær: "
                "oprydning, "
                "afvask af stole og pleje af grønt.",
            )
        ],
    ),
    (
        "Klostertorvet",
        C.OTHER,
        SEV.MEDIUM,
        SRC.CONTEXT_ANALYSIS,
        CONTEXT_ANALYSIS,
        ST.OPEN,
        None,
        "Grænseløse enkeltpersoner.",
        [],
    ),
    (
        "Arkivpladsen",
        C.CROWDING,
        SEV.MEDIUM,
        SRC.MEETING,
        AALBORG_START,
        ST.OPEN,
        None,
        "Grupper af udsatte opholder sig på pladsen store dele af dagen.",
        [],
    ),
    (
        "J.F. Kennedys Plads",
        C.CROWDING,
        SEV.MEDIUM,
        SRC.MEETING,
        AALBORG_START,
        ST.OPEN,
        None,
        "Mange udsatte samles på pladsen foran banegården.",
        [],
    ),
    (
        "J.F. Kennedys Plads",
        C.TOILET_CONDITIONS,
        SEV.MEDIUM,
        SRC.MEETING,
        AALBORG_START,
        ST.OPEN,
        None,
        "Intet toilet på pladsen; der forrettes nødtørft i krogene.",
        [],
    ),
    (
        "Karolinelunden",
        C.WASTE,
        SEV.LOW,
        SRC.MEETING,
        AALBORG_START,
        ST.OPEN,
        None,
        "Efterladenskaber i parken efter ophold om aftenen.",
        [],
    ),
    (
        "Kildeparken",
        C.SLEEPING_ROUGH,
        SEV.MEDIUM,
        SRC.MEETING,
        AALBORG_START,
        ST.OPEN,
        None,
        "Overnatning i parken i sommerhalvåret.",
        [],
    ),
    (
        "Frederikstorv",
        C.NOISE,
        SEV.MEDIUM,
        SRC.MEETING,
        AALBORG_START,
        ST.OPEN,
        None,
        "Larm og råb om aftenen, som naboerne klager over.",
        [],
    ),
    (
        "Bredgade Torv",
        C.VIOLENT_CONFLICTS,
        SEV.MEDIUM,
        SRC.MEETING,
        AALBORG_START,
        ST.OPEN,
        None,
        "Konflikter mellem udsatte og forbipasserende.",
        [],
    ),
    (
        "Arkivhaven",
        C.NO_ORDER,
        SEV.HIGH,
        SRC.MEETING,
        datetime.date(2018, 4, 10),
        ST.BEING_ADDRESSED,
        None,
        "Mindre grupper med en adfærd, der skaber utryghed og stor frustration blandt beboere og "
        "forretningsdrivende.",
        [
            (
                datetime.date(2018, 5, 1),
                ST.BEING_ADDRESSED,
                "Samskabelsesproces med Kirkens Korshærs Varmestue, beboere, erhvervsfolk, "
                "kommunen og "
                "politiet.",
            )
        ],
    ),
    (
        "Godsbanearealet",
        C.CROWDING,
        SEV.LOW,
        SRC.MEETING,
        datetime.date(2018, 5, 15),
        ST.RESOLVED,
        datetime.date(2018, 10, 1),
        "Værestedets gæster venter i området før åbningstid, hvilket skaber utryghed hos naboer.",
        [
            (
                datetime.date(2018, 10, 1),
                ST.RESOLVED,
                "Overdækket hellested ved Hjerterummet etableret; "
                "åbent hus for naboerne i oktober.",
            )
        ],
    ),
]

# The busy hours on Klostertorvet and around Hjerterummet, as a context analysis would
# describe them: (place, level by time of day, the same for every season but winter)
BUSY = {
    "Klostertorvet": {
        "default": {"morning": 2, "daytime": 3, "afternoon": 3, "evening": 3, "night": 2},
        "winter": {"morning": 1, "daytime": 2, "afternoon": 2, "evening": 2, "night": 1},
    },
    "Overdækket hellested ved Hjerterummet": {
        "default": {"morning": 1, "daytime": 1, "afternoon": 3, "evening": 3, "night": 1},
        "winter": {"morning": 1, "daytime": 1, "afternoon": 3, "evening": 3, "night": 1},
    },
}
USAGE_NOTES = {
    "Klostertorvet": "Travlest fra formiddag til sen aften i sommerhalvåret; om natten "
    "nattelivsgæster. Om vinteren færre, men de samme faste brugere.",
    "Overdækket hellested ved Hjerterummet": "Bruges lige før, under og efter Hjerterummets "
    "åbningstid (eftermiddag og aften).",
}


def places_of(municipality):
    """The rows of PLACES in ``municipality``'s city."""
    return [row for row in PLACES if row[1] == municipality.name]


def seed(municipality):
    """Create or update ``municipality``'s demo places with what is there, problems and
    usage. Their local groups and contacts are the municipality's own (the governance
    seeder's); a name of another municipality's would be missing here, and fail."""
    rows = places_of(municipality)
    groups = {g.name: g for g in Group.objects.filter(name__in=[p[6] for p in rows if p[6]])}
    people = {p.name: p for p in Person.objects.filter(name__in=[n for p in rows for n in p[7]])}
    places = {}
    for name, city, kind, lat, lon, address, group, contacts, description in rows:
        place, _ = Place.objects.update_or_create(
            name=name,
            city=city,
            defaults={
                "kind": kind,
                "latitude": Decimal(lat),
                "longitude": Decimal(lon),
                "address": address,
                "description": description,
                "local_group": groups[group] if group else None,
                "usage_notes": USAGE_NOTES.get(name, ""),
            },
        )
        place.contacts.set([people[n] for n in contacts])
        places[name] = place
    for place_name, facilities in FACILITIES.items():
        if place_name not in places:
            continue  # another municipality's place
        for kind, state, note in facilities:
            Facility.objects.update_or_create(
                place=places[place_name], kind=kind, defaults={"state": state, "note": note}
            )
    for (
        place_name,
        category,
        severity,
        source,
        observed_on,
        status,
        resolved_on,
        description,
        notes,
    ) in PROBLEMS:
        if place_name not in places:
            continue
        problem, _ = upsert(
            Problem,
            place=places[place_name],
            category=category,
            observed_on=observed_on,
            defaults={
                "severity": severity,
                "source": source,
                "status": status,
                "resolved_on": resolved_on,
                "description": description,
            },
        )
        for date, new_status, text in notes:
            ProblemNote.objects.get_or_create(
                problem=problem, date=date, text=text, defaults={"status": new_status}
            )
    for place_name, levels in BUSY.items():
        if place_name not in places:
            continue
        for season in Season.values:
            by_time = levels.get(season, levels["default"])
            for time_of_day in TimeOfDay.values:
                UsagePattern.objects.update_or_create(
                    place=places[place_name],
                    season=season,
                    time_of_day=time_of_day,
                    defaults={"level": UsageLevel(by_time[time_of_day])},
                )
    return {"places": places}
