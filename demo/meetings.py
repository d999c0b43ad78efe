# ruff: noqa: E501  (data tables read better one row per line)
"""Demo meetings: a year of meetings of the Aalborg groups with agendas, attendance, minutes,
decisions and the action items they gave, and a safety walk around Arkivpladsen with its
findings and the follow-up meeting six months later; and the meetings of Aarhus' "Byen for
alle" network about Klostertorvet. Each municipality's meetings are of its own groups.

Meetings are keyed on (group, title), agenda items on (meeting, position), decisions on their
text: running the seeder twice changes nothing. Dates are relative to today (stable within a
day), so the demo always has a past year and a few meetings ahead.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from actionplan.models import ActionItem
from governance.models import Group, Membership, Organisation, Person
from meetings import services
from meetings.models import (
    AgendaItem,
    Decision,
    Finding,
    Meeting,
    Participant,
    SafetyWalk,
    WalkParticipant,
)
from places.models import Place

from . import governance
from .municipalities import AALBORG, AARHUS

K = Meeting.Kind

# Attendance pattern for past meetings: most come, one sends apologies, one is absent.
APOLOGIES_EVERY, ABSENT_EVERY = 5, 9

# (group, title, kind, days from today, hour, location,
#  [(item title, presenter, minutes, notes, [(decision, [(action, person, organisation, due in days)])])])
AALBORG_MEETINGS = [
    (
        governance.STEERING,
        "Styregruppemøde: opstart og kommissorium",
        K.ORDINARY,
        -340,
        13,
        "Rådhuset, Boulevarden 13, mødelokale 2",
        [
            (
                "Velkomst og præsentationsrunde",
                "Anne Mølgaard",
                15,
                "Formanden bød velkommen. Alle præsenterede sig og deres organisations rolle.",
                [],
            ),
            (
                "Kommissorium for handleplanen",
                "Henrik Bach",
                45,
                "Kommissoriet blev gennemgået. Der var enighed om de to spor: her og nu og den "
                "langsigtede strategi. Politiet ønsker at indgå i de lokale grupper.",
                [
                    ("Styregruppen godkender kommissoriet med de to spor.", []),
                    (
                        "Arbejdsgruppen udarbejder første udkast til handleplan.",
                        [
                            (
                                "Første udkast til handleplan",
                                "Henrik Bach",
                                "Center for Sociale Indsatser",
                                -250,
                            )
                        ],
                    ),
                ],
            ),
            ("Eventuelt", "", 10, "Intet.", []),
        ],
    ),
    (
        governance.WORKING,
        "Arbejdsgruppemøde: målgruppe og steder",
        K.ORDINARY,
        -310,
        9,
        "Center for Sociale Indsatser",
        [
            (
                "Målgruppebeskrivelse",
                "Camilla Vestergaard",
                40,
                "Gennemgang af kontaktanalyserne. Grønlandske borgere og østeuropæere har særlige "
                "behov; gruppen af unge under 25 vokser ved Kennedy Arkaden.",
                [
                    (
                        "Målgruppebeskrivelsen udbygges med aldersgrupper.",
                        [
                            (
                                "Udbyg målgruppebeskrivelsen med aldersgrupper",
                                "Camilla Vestergaard",
                                None,
                                -280,
                            )
                        ],
                    )
                ],
            ),
            (
                "Kortlægning af rum og pladser",
                "Mikkel Thorsen",
                40,
                "Arkivpladsen, J.F. Kennedys Plads, Karolinelunden, Kildeparken, Frederikstorv og "
                "Bredgade Torv er udpeget. Belysning og toiletforhold går igen.",
                [
                    (
                        "Der laves en døgnkortlægning af brugen af Arkivpladsen.",
                        [
                            (
                                "Døgnkortlægning af Arkivpladsen",
                                "Mikkel Thorsen",
                                "By- og Landskabsforvaltningen",
                                -220,
                            )
                        ],
                    )
                ],
            ),
        ],
    ),
    (
        governance.STEERING,
        "Styregruppemøde: udkast til handleplan",
        K.ORDINARY,
        -250,
        13,
        "Rådhuset, Boulevarden 13, mødelokale 2",
        [
            ("Godkendelse af referat", "Anne Mølgaard", 5, "Referatet blev godkendt.", []),
            (
                "Udkast til handleplan",
                "Henrik Bach",
                60,
                "Udkastet blev drøftet. Cityforeningen efterlyser hurtige fysiske tiltag; Midtbyens "
                "Samråd ønsker beboerinddragelse før hellesteder placeres.",
                [
                    (
                        "Udkastet sendes i intern og ekstern høring.",
                        [("Send handleplanen i høring", "Sofie Lindberg", None, -230)],
                    ),
                    ("Der afsættes midler til bedre belysning på Arkivpladsen i første fase.", []),
                ],
            ),
            ("Økonomi", "Ida Kragh", 20, "Budgettet blev gennemgået uden bemærkninger.", []),
        ],
    ),
    (
        governance.COORDINATING,
        "Møde i den koordinerende gruppe: kvalificering af handleplanen",
        K.THEME,
        -220,
        14,
        "Aalborg Hovedbibliotek, Rendsburggade 2",
        [
            (
                "Oplæg om handleplanen",
                "Henrik Bach",
                30,
                "Oplæg om mål og de to spor. Gode spørgsmål fra værestederne om åbningstider.",
                [],
            ),
            (
                "Temadrøftelse: værestedernes åbningstider",
                "Jakob Winther",
                45,
                "Varmestuen og Parasollen kan forlænge åbningstiden i vinterhalvåret, hvis der "
                "findes finansiering.",
                [
                    (
                        "Værestederne undersøger udvidede åbningstider i vinterhalvåret.",
                        [
                            (
                                "Forslag til udvidede åbningstider",
                                "Jakob Winther",
                                "Kirkens Korshær",
                                -120,
                            )
                        ],
                    )
                ],
            ),
        ],
    ),
    (
        governance.LOCAL_ARKIVHAVEN,
        "Dialogmøde med beboere og erhvervsdrivende ved Arkivhaven",
        K.DIALOGUE,
        -200,
        17,
        "Vor Frue Kirkes sognegård",
        [
            ("Velkomst", "Peter Dahl", 10, "Ca. 30 beboere og erhvervsdrivende deltog.", []),
            (
                "Oplevelser af tryghed i området",
                "Camilla Vestergaard",
                50,
                "Beboerne oplever særligt utryghed om aftenen ved stien bag kirken. Butikkerne "
                "nævner affald og urinering ved indgangene.",
                [
                    (
                        "Der gennemføres en tryghedsvandring omkring Arkivpladsen.",
                        [
                            (
                                "Planlæg tryghedsvandring omkring Arkivpladsen",
                                "Camilla Vestergaard",
                                None,
                                -75,
                            )
                        ],
                    ),
                    ("Den sociale vicevært kommer forbi dagligt i tidsrummet 16-20.", []),
                ],
            ),
        ],
    ),
    (
        governance.WORKING,
        "Arbejdsgruppemøde: hellesteder og toiletter",
        K.ORDINARY,
        -170,
        9,
        "Center for Sociale Indsatser",
        [
            (
                "Placering af mobilt hellested",
                "Torben Lauridsen",
                45,
                "Tre mulige placeringer blev vurderet. Godsbanearealet er mest realistisk.",
                [
                    (
                        "Mobilt hellested afprøves ved Godsbanearealet.",
                        [
                            (
                                "Aftale om mobilt hellested med Hjerterummet",
                                "Torben Lauridsen",
                                "Hjerterummet",
                                -100,
                            )
                        ],
                    )
                ],
            ),
            (
                "Toiletforhold",
                "Mikkel Thorsen",
                30,
                "Offentligt toilet ved Kildeparken er ofte lukket. Driften undersøger åbningstider.",
                [
                    (
                        "Toilettet ved Kildeparken holdes åbent til kl. 22.",
                        [
                            (
                                "Udvid åbningstiden for toilettet i Kildeparken",
                                "Lone Kjær",
                                "By- og Landskabsforvaltningen",
                                -140,
                            )
                        ],
                    )
                ],
            ),
        ],
    ),
    (
        governance.LOCAL_GODSBANEN,
        "Åbent hus i Hjerterummet",
        K.OPEN_HOUSE,
        -150,
        15,
        "Hjerterummet, Godsbanearealet",
        [
            ("Rundvisning", "Mona Eskildsen", 30, "Naboer og brugere så værestedet.", []),
            (
                "Spørgsmål fra naboerne",
                "Mona Eskildsen",
                30,
                "Naboer spurgte til støj om aftenen. Hjerterummet lukker kl. 21 og rydder op udenfor.",
                [
                    (
                        "Hjerterummet holder et nabomøde hvert kvartal.",
                        [
                            (
                                "Inviter til nabomøde næste kvartal",
                                "Mona Eskildsen",
                                "Hjerterummet",
                                -60,
                            )
                        ],
                    )
                ],
            ),
        ],
    ),
    (
        governance.STEERING,
        "Styregruppemøde: status på første fase",
        K.ORDINARY,
        -120,
        13,
        "Rådhuset, Boulevarden 13, mødelokale 2",
        [
            (
                "Status på initiativerne",
                "Sofie Lindberg",
                40,
                "Sociale viceværter er ansat. Belysningen på Arkivpladsen er bestilt. Det mobile "
                "hellested ved Karolinelunden åbner efter sommerferien.",
                [
                    ("Styregruppen tager status til efterretning.", []),
                    (
                        "Der udarbejdes en midtvejsevaluering til næste møde.",
                        [
                            (
                                "Midtvejsevaluering af handleplanen",
                                "Sofie Lindberg",
                                "Familie- og Beskæftigelsesforvaltningen",
                                20,
                            )
                        ],
                    ),
                ],
            ),
            (
                "Henvendelser fra Cityforeningen",
                "Bente Riis",
                20,
                "Butikkerne på Bredgade oplever færre konflikter, men mere affald.",
                [
                    (
                        "Renholdelsen på Bredgade Torv øges i sommerhalvåret.",
                        [
                            (
                                "Plan for øget renholdelse af Bredgade Torv",
                                "Lone Kjær",
                                "By- og Landskabsforvaltningen",
                                30,
                            )
                        ],
                    )
                ],
            ),
        ],
    ),
    (
        governance.WORKING,
        "Arbejdsgruppemøde: evalueringsmetode",
        K.ORDINARY,
        -30,
        9,
        "Center for Sociale Indsatser",
        [
            (
                "Indikatorer for målene",
                "Camilla Vestergaard",
                45,
                "Forslag: hændelser pr. sted pr. måned, oplevet tryghed (spørgeskema) og antal "
                "småjobs. Udkast sendes til styregruppen.",
                [
                    (
                        "Hændelsesregistreringen bruges som indikator for målene.",
                        [
                            (
                                "Skriv indikatorbeskrivelse til styregruppen",
                                "Camilla Vestergaard",
                                None,
                                14,
                            )
                        ],
                    )
                ],
            ),
        ],
    ),
    # The next meetings: planned, with an agenda but no minutes yet.
    (
        governance.WORKING,
        "Arbejdsgruppemøde: forberedelse af midtvejsevaluering",
        K.ORDINARY,
        8,
        9,
        "Center for Sociale Indsatser",
        [
            ("Gennemgang af data", "Camilla Vestergaard", 45, "", []),
            ("Udkast til evalueringsnotat", "Sofie Lindberg", 30, "", []),
        ],
    ),
    (
        governance.STEERING,
        "Styregruppemøde: midtvejsevaluering",
        K.ORDINARY,
        21,
        13,
        "Rådhuset, Boulevarden 13, mødelokale 2",
        [
            ("Godkendelse af referat", "Anne Mølgaard", 5, "", []),
            ("Midtvejsevaluering", "Sofie Lindberg", 60, "", []),
            ("Eventuelt", "", 10, "", []),
        ],
    ),
    (
        governance.COORDINATING,
        "Møde i den koordinerende gruppe: implementering og status",
        K.ORDINARY,
        35,
        14,
        "Aalborg Hovedbibliotek, Rendsburggade 2",
        [
            ("Status fra de lokale grupper", "Camilla Vestergaard", 30, "", []),
            ("Erfaringer med sociale viceværter", "Karina Friis", 30, "", []),
        ],
    ),
]
AARHUS_MEETINGS = [
    (
        governance.NETWORK,
        "Netværksmøde: status på Klostertorvet",
        K.ORDINARY,
        -95,
        10,
        "Aarhus Rådhus, Rådhuspladsen 2",
        [
            (
                "Status fra de sociale viceværter",
                "Jonas Eriksen",
                30,
                "Viceværterne kender nu de fleste faste brugere af torvet. Konflikterne løses "
                "oftere på stedet, men der er stadig uro om aftenen i weekenden.",
                [
                    (
                        "Viceværterne og Kirkens Korshær aftaler faste tider for småjobs.",
                        [
                            (
                                "Fast ugeplan for småjobs på torvet",
                                "Rikke Hald",
                                "Kirkens Korshær",
                                -60,
                            )
                        ],
                    )
                ],
            ),
            (
                "Toilettet og nattelivet",
                "Helle Brandt",
                25,
                "Det nye toilet bruges, men nattelivsgæster forretter stadig nødtørft i "
                "krogene ved torvet.",
                [
                    (
                        "Politiet og City Foreningen informerer nattelivets gæster om toilettet.",
                        [],
                    )
                ],
            ),
        ],
    ),
    (
        governance.NETWORK,
        "Netværksmøde: hellesteder i byen",
        K.ORDINARY,
        -20,
        10,
        "Aarhus Rådhus, Rådhuspladsen 2",
        [
            (
                "Placering af det tredje hellested",
                "Lars Vind",
                40,
                "To placeringer blev drøftet: ved Mølleparken og ved Ingerslevs Boulevard. SAND "
                "ønsker, at brugerne selv kommer med forslag.",
                [
                    (
                        "Netværket beskriver de to placeringer for Socialudvalget.",
                        [
                            (
                                "Beskriv de to placeringer til Socialudvalget",
                                "Signe Bech",
                                "Aarhus Kommune, Sociale Forhold og Beskæftigelse",
                                10,
                            )
                        ],
                    )
                ],
            ),
            ("Eventuelt", "", 10, "Intet.", []),
        ],
    ),
    (
        governance.NETWORK,
        "Netværksmøde: et år med småjobs",
        K.ORDINARY,
        14,
        10,
        "Aarhus Rådhus, Rådhuspladsen 2",
        [
            ("Status fra Klostertorvet", "Jonas Eriksen", 20, "", []),
            ("Småjobs: erfaringer fra det første år", "Mette Skov", 40, "", []),
        ],
    ),
]
MEETINGS = {AALBORG: AALBORG_MEETINGS, AARHUS: AARHUS_MEETINGS}

ARKIVPLADSEN = ("Arkivpladsen", "Aalborg", Decimal("57.047600"), Decimal("9.920600"))

WALK_TITLE = "Tryghedsvandring omkring Arkivpladsen"
WALK_DAYS_AGO = 60
# (condition, title, description, north offset, east offset (in 1e-6 degrees), person,
#  organisation, due in days, status)
FINDINGS = [
    (
        "broken_lamp",
        "Lampen ved trappen til Arkivpladsen er gået",
        "To af tre lamper ved trappen mod Vesterbro lyser ikke.",
        120,
        -210,
        None,
        "By- og Landskabsforvaltningen",
        14,
        "done",
    ),
    (
        "dark_path",
        "Mørk sti bag biblioteket",
        "Stien mellem biblioteket og pladsen er uoplyst efter kl. 17 om vinteren.",
        -180,
        160,
        "Lone Kjær",
        "By- og Landskabsforvaltningen",
        90,
        "in_progress",
    ),
    (
        "hidden_corner",
        "Skjult hjørne ved containerne",
        "Beplantning og containere danner et hjørne, der ikke kan ses fra gaden.",
        60,
        310,
        None,
        "By- og Landskabsforvaltningen",
        60,
        "open",
    ),
    (
        "waste",
        "Affald og sprøjter ved bænkene",
        "Beboerne finder jævnligt affald og enkelte sprøjter om morgenen.",
        -40,
        -90,
        "Kasper Holm",
        "Center for Sociale Indsatser",
        7,
        "open",
    ),
    (
        "gathering",
        "Store forsamlinger ved indgangen til butikscentret",
        "Butikkerne oplever grupper, der blokerer indgangen om eftermiddagen.",
        200,
        40,
        "Morten Bækgaard",
        "Nordjyllands Politi",
        30,
        "open",
    ),
]


def _at(days, hour):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _members(group):
    return list(
        Membership.objects.current()
        .filter(group=group)
        .select_related("person")
        .order_by("person__name")
    )


def _seed_meeting(groups, people, organisations, spec, specs):
    """One meeting of ``specs`` (its municipality's): the latest one held has its minutes
    in draft, those before it approved ones."""
    group_name, title, kind, days, hour, location, items = spec
    group = groups[group_name]
    start = _at(days, hour)
    past = days < 0
    latest_past = days == max(s[3] for s in specs if s[3] < 0)
    state = (
        Meeting.State.PLANNED
        if not past
        else Meeting.State.MINUTES_DRAFT
        if latest_past
        else Meeting.State.MINUTES_APPROVED
    )
    meeting, _ = Meeting.objects.update_or_create(
        group=group,
        title=title,
        defaults={
            "kind": kind,
            "start": start,
            "end": start + datetime.timedelta(hours=2),
            "location": location,
            "state": state,
            "approved_at": start + datetime.timedelta(days=3)
            if state == Meeting.State.MINUTES_APPROVED
            else None,
        },
    )
    for number, membership in enumerate(_members(group)):
        attendance = Participant.Attendance.INVITED
        if past:
            attendance = (
                Participant.Attendance.APOLOGIES
                if number % APOLOGIES_EVERY == 4
                else Participant.Attendance.ABSENT
                if number % ABSENT_EVERY == 8
                else Participant.Attendance.PRESENT
            )
        Participant.objects.get_or_create(
            meeting=meeting, person=membership.person, defaults={"attendance": attendance}
        )
    for position, (item_title, presenter, minutes, notes, decisions) in enumerate(items):
        item, _ = AgendaItem.objects.update_or_create(
            meeting=meeting,
            position=position,
            defaults={
                "title": item_title,
                "presenter": presenter,
                "duration": minutes,
                "notes": notes if past else "",
                "notes_updated_at": start + datetime.timedelta(hours=3) if past and notes else None,
            },
        )
        for text, actions in decisions:
            decision, _ = Decision.objects.get_or_create(agenda_item=item, text=text)
            for action_title, person, organisation, due_days in actions:
                action, _ = ActionItem.objects.get_or_create(
                    title=action_title,
                    source=ActionItem.Source.MEETING_DECISION,
                    group=group,
                    defaults={
                        "responsible_person": people[person] if person else None,
                        "responsible_organisation": organisations[organisation]
                        if organisation
                        else None,
                        "due": timezone.localdate() + datetime.timedelta(days=due_days),
                    },
                )
                # Items whose due date passed well before today are done; the rest open.
                if due_days < -30 and action.status != ActionItem.Status.DONE:
                    action.mark_done(by=None, on=action.due)
                decision.action_items.add(action)
    return meeting


def _seed_walk(group, people, organisations):
    name, city, lat, lng = ARKIVPLADSEN
    place, _ = Place.objects.get_or_create(
        name=name,
        city=city,
        defaults={
            "kind": Place.Kind.SQUARE,
            "latitude": lat,
            "longitude": lng,
            "local_group": group,
        },
    )
    walk, _ = SafetyWalk.objects.get_or_create(
        group=group,
        title=WALK_TITLE,
        defaults={
            "date": timezone.localdate() - datetime.timedelta(days=WALK_DAYS_AGO),
            "start_time": datetime.time(19, 0),
            "place": place,
            "area": "Arkivpladsen, stien bag Hovedbiblioteket og Vesterbro",
            "route": "Fra Hovedbiblioteket over Arkivpladsen, ad stien mod Vesterbro og "
            "tilbage langs butikscentret.",
        },
    )
    for person, role in [
        ("Peter Dahl", "resident"),
        ("Camilla Vestergaard", "municipality"),
        ("Kasper Holm", "municipality"),
        ("Morten Bækgaard", "police"),
        ("Erik Juhl", "other"),
    ]:
        WalkParticipant.objects.get_or_create(
            walk=walk, person=people[person], defaults={"role": role}
        )
    WalkParticipant.objects.get_or_create(
        walk=walk,
        person=None,
        name="Driftsleder fra boligselskabet",
        defaults={"organisation": "Himmerland Boligforening", "role": "housing"},
    )
    for (
        condition,
        title,
        description,
        north,
        east,
        person,
        organisation,
        due_days,
        status,
    ) in FINDINGS:
        if Finding.objects.filter(walk=walk, action_item__title=title).exists():
            continue
        finding = services.finding_create(
            walk=walk,
            user=None,
            condition=condition,
            title=title,
            description=description,
            latitude=lat + Decimal(north) / 1_000_000,
            longitude=lng + Decimal(east) / 1_000_000,
            responsible_person=people[person] if person else None,
            responsible_organisation=organisations[organisation] if organisation else None,
            due=walk.date + datetime.timedelta(days=due_days),
        )
        action = finding.action_item
        if status == "done":
            action.mark_done(by=None, on=walk.date + datetime.timedelta(days=10))
        elif status == "in_progress":
            action.status = ActionItem.Status.IN_PROGRESS
            action.save(update_fields=["status"])
    if walk.follow_up_meeting_id is None:
        services.safety_walk_complete(walk=walk, user=None)
    return walk


# The group that walked: Aalborg's local group at Arkivhaven (Aarhus has no walk).
WALK_GROUP = {AALBORG: governance.LOCAL_ARKIVHAVEN}


def seed(municipality):
    """``municipality``'s meetings and safety walk. Needs its governance and plans."""
    groups = {g.name: g for g in Group.objects.all()}
    people = {p.name: p for p in Person.objects.all()}
    organisations = {o.name: o for o in Organisation.objects.all()}
    specs = MEETINGS[municipality.name]
    meetings = [_seed_meeting(groups, people, organisations, spec, specs) for spec in specs]
    walk = None
    if municipality.name in WALK_GROUP:
        walk = _seed_walk(groups[WALK_GROUP[municipality.name]], people, organisations)
    return {"meetings": meetings, "walk": walk}
