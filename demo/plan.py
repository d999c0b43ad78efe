"""Demo action plans: Aalborg's plan from its terms of reference (kommissorium) with its real
timeline, approval bodies and DKK 2.5 million budget, and Aarhus' plan for Klostertorvet with
its initiatives. Dates of meetings, measured values and amounts other than Aalborg's budget are
made up for the demo, as are all people.

Each municipality seeds its own plans and what belongs to them (the rows of its plans'
titles); their places, groups, organisations and people are its own.

Keyed on natural keys and fixed dates; action items' due dates are relative to today (so some
are always overdue) and stable within a day. Running it twice changes nothing.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from actionplan.models import (
    ActionItem,
    ActionPlan,
    ApprovalStep,
    Assessment,
    Goal,
    Initiative,
    InitiativeUpdate,
    TimelineActivity,
)
from governance.models import Group, Organisation, Person
from places.models import Place

from . import governance
from .municipalities import AALBORG as AALBORG_MUNICIPALITY
from .municipalities import AARHUS as AARHUS_MUNICIPALITY

D = datetime.date

# name, city, kind, latitude, longitude (the places app seeds them too; whichever runs first)
PLACES = [
    ("Klostertorvet", "Aarhus", Place.Kind.SQUARE, "56.158900", "10.208900"),
    ("Arkivpladsen", "Aalborg", Place.Kind.SQUARE, "57.047600", "9.920600"),
    ("Karolinelunden", "Aalborg", Place.Kind.PARK, "57.046000", "9.928700"),
]

AALBORG = "Handleplan for socialt udsatte i byens rum og pladser"
AARHUS = "Handlingsplan for Klostertorvsområdet"

AALBORG_PLAN = {
    "title": AALBORG,
    "period_start": D(2017, 11, 1),
    "period_end": D(2018, 12, 31),
    "budget": 2_500_000,
    "status": ActionPlan.Status.IMPLEMENTATION,
    "groups": [governance.STEERING, governance.WORKING, governance.COORDINATING],
    "project_leader": "Ida Kragh",
    "consultants": ["Sofie Lindberg"],
    "purpose": (
        "Byrådet har ved budgetforlig 2018 afsat 2,5 mio. kr. til initiativer, der skal "
        "komme de socialt udsatte til gavn i byens rum og pladser: mobile hellesteder, "
        "fysiske tiltag og sociale indsatser. Målet er, at både beboere og socialt udsatte "
        "oplever tryghed, når de opholder sig og færdes i byen."
    ),
    "themes": (
        "Målgruppebeskrivelse\n"
        "Hvilke rum og pladser tiltrækker målgrupperne?\n"
        "Styrke det tværgående samarbejde\n"
        "Mere og bedre bruger- og beboerinddragelse\n"
        "Omsætning og implementering af handleplanen"
    ),
    "short_term_track": "Et kortsigtet her og nu-perspektiv: konkrete tiltag på pladserne.",
    "long_term_track": (
        "Et langsigtet perspektiv, der indarbejdes i fremtidige strategier og politikker."
    ),
}
AARHUS_PLAN = {
    "title": AARHUS,
    "period_start": D(2017, 1, 1),
    "period_end": D(2017, 12, 31),
    "budget": 1_800_000,
    "status": ActionPlan.Status.IMPLEMENTATION,
    "groups": [governance.NETWORK],
    "project_leader": "Signe Bech",
    "consultants": ["Mette Skov"],
    "purpose": (
        "Sociale, fysiske og organisatoriske løsninger på baggrund af kontekstanalysen af "
        "Klostertorvsområdet: en bedre, mere værdig og tryggere by for alle."
    ),
    "themes": (
        "Alternative opholdssteder\nRelationer og normer på torvet\nToiletforhold og renhold\n"
        "En konstruktiv rolle i lokalområdet"
    ),
    "short_term_track": "Toilet, pissoir, sociale viceværter og småjobs på torvet.",
    "long_term_track": "3-5 hellesteder i byen og Byen for alle-netværket.",
}
# Each municipality's plans; every table below names the plan a row belongs to.
PLANS = {AALBORG_MUNICIPALITY: [AALBORG_PLAN], AARHUS_MUNICIPALITY: [AARHUS_PLAN]}

A = ApprovalStep.Outcome
# plan, body, planned, actual, outcome, note
APPROVALS = [
    (
        AALBORG,
        "Direktionsmødet i By- og Landskabsforvaltningen (kommissorium)",
        D(2017, 11, 14),
        D(2017, 11, 14),
        A.APPROVED,
        "",
    ),
    (
        AALBORG,
        "FL i Familie- og Beskæftigelsesforvaltningen (kommissorium)",
        D(2017, 11, 21),
        D(2017, 11, 21),
        A.APPROVED,
        "",
    ),
    (
        AALBORG,
        "Familie- og Socialudvalget (orientering)",
        D(2017, 12, 12),
        D(2017, 12, 12),
        A.NOTED,
        "",
    ),
    (
        AALBORG,
        "Intern og ekstern høring",
        D(2018, 2, 12),
        D(2018, 2, 12),
        A.NOTED,
        "Høringssvarene er indarbejdet i handleplanen.",
    ),
    (
        AALBORG,
        "FL i Familie- og Beskæftigelsesforvaltningen",
        D(2018, 3, 6),
        D(2018, 3, 6),
        A.APPROVED,
        "",
    ),
    (AALBORG, "Familie- og Socialudvalget", D(2018, 3, 13), D(2018, 3, 13), A.APPROVED, ""),
    (
        AALBORG,
        "By- og Landskabsudvalget",
        D(2018, 3, 15),
        D(2018, 3, 22),
        A.APPROVED_WITH_CHANGES,
        "Udvalget ønsker placeringen af hellesteder drøftet i de lokale grupper først.",
    ),
    (
        AALBORG,
        "Byrådet",
        D(2018, 3, 26),
        D(2018, 4, 9),
        A.APPROVED,
        "Udsat et møde, fordi By- og Landskabsudvalget behandlede sagen en uge senere.",
    ),
    (AARHUS, "Socialudvalget", D(2017, 2, 1), D(2017, 2, 1), A.APPROVED, ""),
]

S = TimelineActivity.Status
# plan, month, activity, responsible group, status, happened on, note
TIMELINE = [
    (
        AALBORG,
        D(2017, 11, 1),
        "Kommissorium godkendes på direktionsmøde i By- og "
        "Landskabsforvaltningen og i FL i Familie- og Beskæftigelsesforvaltningen",
        governance.WORKING,
        S.DONE,
        D(2017, 11, 21),
        "",
    ),
    (
        AALBORG,
        D(2017, 12, 1),
        "Familie- og Socialudvalget orienteres",
        governance.WORKING,
        S.DONE,
        D(2017, 12, 12),
        "",
    ),
    (
        AALBORG,
        D(2017, 12, 1),
        "Medlemmer af styregruppe og koordinerende tværfaglig gruppe udpeges og kontaktes",
        governance.WORKING,
        S.DONE,
        D(2017, 12, 15),
        "",
    ),
    (
        AALBORG,
        D(2017, 12, 1),
        "Arbejdsgruppen mødes, fastlægger koordineringen og udarbejder første udkast",
        governance.WORKING,
        S.DONE,
        D(2017, 12, 19),
        "",
    ),
    (
        AALBORG,
        D(2018, 1, 1),
        "Kick off-møde med styregruppen",
        governance.STEERING,
        S.DONE,
        D(2018, 1, 16),
        "",
    ),
    (
        AALBORG,
        D(2018, 1, 1),
        "Møde i den koordinerende tværfaglige gruppe om målsætning, proces og første udkast",
        governance.COORDINATING,
        S.SLIPPED,
        None,
        "Flyttet til februar, så flere af de frivillige organisationer kunne deltage.",
    ),
    (
        AALBORG,
        D(2018, 2, 1),
        "Intern og ekstern høring af handleplanen",
        governance.WORKING,
        S.DONE,
        D(2018, 2, 12),
        "",
    ),
    (
        AALBORG,
        D(2018, 2, 1),
        "Arbejdsgruppen færdiggør handleplanen; den behandles i "
        "styregruppen og den koordinerende gruppe",
        governance.WORKING,
        S.DONE,
        D(2018, 2, 27),
        "",
    ),
    (
        AALBORG,
        D(2018, 3, 1),
        "Politisk behandling i FL, Familie- og Socialudvalget, By- og Landskabsudvalget og Byrådet",
        governance.STEERING,
        S.DONE,
        D(2018, 4, 9),
        "Byrådet behandlede planen i april.",
    ),
    (
        AALBORG,
        D(2018, 4, 1),
        "Kommunikation og offentliggørelse af handleplanen",
        governance.WORKING,
        S.DONE,
        D(2018, 4, 20),
        "",
    ),
    (
        AALBORG,
        D(2018, 4, 1),
        "Omsætning af handleplanens initiativer med de lokale grupper",
        governance.WORKING,
        S.DONE,
        D(2018, 4, 30),
        "",
    ),
    (
        AALBORG,
        D(2018, 5, 1),
        "Mødeaktivitet i de lokale grupper",
        governance.LOCAL_ARKIVHAVEN,
        S.DONE,
        D(2018, 5, 24),
        "",
    ),
    (AALBORG, D(2018, 6, 1), "Styregruppemøde", governance.STEERING, S.DONE, D(2018, 6, 12), ""),
    (
        AALBORG,
        D(2018, 9, 1),
        "Møde i den koordinerende tværfaglige gruppe om implementering og status",
        governance.COORDINATING,
        S.PLANNED,
        None,
        "",
    ),
    (
        AALBORG,
        D(2018, 12, 1),
        "Styregruppemøde og afrapportering",
        governance.STEERING,
        S.PLANNED,
        None,
        "",
    ),
]

T = Goal.Track
# plan, key, track, text, success criteria, indicator, baseline, target, horizon
GOALS = [
    (
        AALBORG,
        "konflikter",
        T.SHORT,
        "Færre konflikter mellem socialt udsatte og andre brugere på Arkivpladsen",
        "Færre konflikter registreret af de sociale viceværter og politiet.",
        "Konflikter registreret pr. måned",
        40,
        25,
        D(2018, 12, 31),
    ),
    (
        AALBORG,
        "hellested",
        T.SHORT,
        "Et overdækket hellested i Midtbyen er taget i brug",
        "Hellestedet bruges dagligt, og naboerne er inddraget i placeringen.",
        "Hellesteder i brug",
        0,
        1,
        D(2018, 9, 30),
    ),
    (
        AALBORG,
        "renhold",
        T.SHORT,
        "Renere pladser: færre henvendelser om affald og urin",
        "Halvt så mange henvendelser som før handleplanen.",
        "Henvendelser til By- og Landskabsforvaltningen pr. måned",
        24,
        12,
        D(2018, 12, 31),
    ),
    (
        AALBORG,
        "byplan",
        T.LONG,
        "Hensynet til socialt udsatte indgår i planlægningen af byens rum og pladser",
        "Nye lokalplaner for Midtbyen beskriver, hvor socialt udsatte kan opholde sig.",
        "",
        None,
        None,
        D(2020, 12, 31),
    ),
    (
        AALBORG,
        "tryghed",
        T.LONG,
        "Borgere og socialt udsatte oplever tryghed i byens rum",
        "Flere svarer i tryghedsmålingen, at de føler sig trygge i Midtbyen.",
        "Andel trygge i tryghedsmålingen (%)",
        62,
        75,
        D(2020, 12, 31),
    ),
    (
        AARHUS,
        "klostertorvet",
        T.SHORT,
        "Færre voldelige konflikter på Klostertorvet",
        "De sociale viceværter oplever færre konflikter, og naboerne bekræfter det.",
        "Konflikter registreret pr. uge",
        12,
        6,
        D(2017, 12, 31),
    ),
]

AS = Assessment.Status
# goal key, date, status, measured value, note, assessed by
ASSESSMENTS = [
    (
        "konflikter",
        D(2018, 6, 15),
        AS.AT_RISK,
        38,
        "Stadig mange konflikter om aftenen.",
        "Sofie Lindberg",
    ),
    (
        "konflikter",
        D(2018, 10, 1),
        AS.ON_TRACK,
        29,
        "Færre konflikter efter viceværterne begyndte aftenvagter.",
        "Sofie Lindberg",
    ),
    (
        "hellested",
        D(2018, 10, 1),
        AS.ACHIEVED,
        1,
        "Hellestedet ved Karolinelunden er åbnet.",
        "Camilla Vestergaard",
    ),
    (
        "renhold",
        D(2018, 10, 1),
        AS.OFF_TRACK,
        23,
        "Belysning og beplantning er endnu ikke etableret.",
        "Sofie Lindberg",
    ),
    (
        "byplan",
        D(2018, 12, 3),
        AS.ON_TRACK,
        None,
        "Indarbejdet i udkast til Midtbyens lokalplan.",
        "Mikkel Thorsen",
    ),
    ("klostertorvet", D(2017, 9, 1), AS.ON_TRACK, 8, "", "Lars Vind"),
]

P = Assessment.Point
# plan, point, date, status, note, assessed by
EVALUATIONS = [
    (
        AALBORG,
        P.RESULTS,
        D(2018, 12, 3),
        AS.AT_RISK,
        "To af tre kortsigtede mål er nået eller på vej; renhold halter.",
        "Sofie Lindberg",
    ),
    (
        AALBORG,
        P.PROCESS,
        D(2018, 12, 3),
        AS.ON_TRACK,
        "Godkendt med en måneds forsinkelse; implementeringen følger planen.",
        "Sofie Lindberg",
    ),
    (
        AALBORG,
        P.INVOLVEMENT,
        D(2018, 12, 3),
        AS.ON_TRACK,
        "To lokale grupper og åbent hus i Hjerterummet.",
        "Camilla Vestergaard",
    ),
]

K = Initiative.Kind
IS = Initiative.Status
# plan, title, kind, track, description, places, organisation, person, start, end,
# allocated, spent, goal keys, updates [(date, new status, note)]
INITIATIVES = [
    (
        AARHUS,
        "3-5 overdækkede hellesteder i byen",
        K.SAFE_PLACE,
        T.LONG,
        "Attraktive udendørs og overdækkede opholdssteder forskellige steder i byen, som "
        "alternativ til Klostertorvet.",
        ["Klostertorvet"],
        "Aarhus Kommune, Sociale Forhold og Beskæftigelse",
        "Lars Vind",
        D(2017, 3, 1),
        D(2018, 6, 30),
        900_000,
        420_000,
        ["klostertorvet"],
        [
            (D(2017, 2, 1), IS.IDEA, ""),
            (D(2017, 3, 1), IS.PLANNED, "Placeringer undersøges med Byen for alle-netværket."),
            (D(2017, 8, 15), IS.IN_PROGRESS, "De to første hellesteder er taget i brug."),
        ],
    ),
    (
        AARHUS,
        "Sociale viceværter på Klostertorvet",
        K.SOCIAL_CARETAKERS,
        T.SHORT,
        "Skaber relationer til de udsatte, opbygger normer for god opførsel og løser konflikter.",
        ["Klostertorvet"],
        "Aarhus Kommune, Sociale Forhold og Beskæftigelse",
        "Jonas Eriksen",
        D(2017, 3, 1),
        None,
        450_000,
        300_000,
        ["klostertorvet"],
        [
            (D(2017, 2, 1), IS.PLANNED, ""),
            (D(2017, 3, 1), IS.IN_PROGRESS, "To sociale viceværter er ansat."),
        ],
    ),
    (
        AARHUS,
        "Nyt toilet på Klostertorvet",
        K.PHYSICAL,
        T.SHORT,
        "To toiletter og et pissoir erstatter toilettet, der længe har været ude af drift.",
        ["Klostertorvet"],
        "Aarhus Kommune, Sociale Forhold og Beskæftigelse",
        "Lars Vind",
        D(2017, 2, 1),
        D(2017, 5, 31),
        250_000,
        262_000,
        ["klostertorvet"],
        [
            (D(2017, 2, 1), IS.PLANNED, ""),
            (D(2017, 4, 3), IS.IN_PROGRESS, "Toilettet bestilt."),
            (D(2017, 5, 31), IS.DONE, "Toilettet er åbnet."),
        ],
    ),
    (
        AARHUS,
        "Midlertidigt pissoir på Klostertorvet",
        K.PHYSICAL,
        T.SHORT,
        "Står på torvet, indtil det nye toilet åbner.",
        ["Klostertorvet"],
        "Aarhus Kommune, Sociale Forhold og Beskæftigelse",
        "Jonas Eriksen",
        D(2017, 2, 15),
        D(2017, 5, 31),
        20_000,
        18_000,
        [],
        [
            (D(2017, 2, 15), IS.IN_PROGRESS, "Pissoiret er stillet op."),
            (D(2017, 6, 1), IS.DONE, "Fjernet, da det nye toilet åbnede."),
        ],
    ),
    (
        AARHUS,
        "Småjobs på Klostertorvet",
        K.SMALL_JOBS,
        T.SHORT,
        "Oprydning på torvet, afvask af stole og pleje af grønt, med en beskæftigelseskonsulent "
        "i samarbejde med de sociale viceværter og Kirkens Korshær.",
        ["Klostertorvet"],
        "Kirkens Korshær",
        "Mette Skov",
        D(2017, 5, 1),
        None,
        150_000,
        40_000,
        ["klostertorvet"],
        [
            (D(2017, 4, 1), IS.PLANNED, ""),
            (D(2017, 5, 1), IS.IN_PROGRESS, "Første hold i gang med oprydning og afvask af stole."),
        ],
    ),
    (
        AARHUS,
        "Inventar, cykelparkering og renhold på Klostertorvet",
        K.PHYSICAL,
        T.SHORT,
        "Et generelt løft af torvets inventar, cykelparkering og renhold.",
        ["Klostertorvet"],
        "Aarhus Kommune, Sociale Forhold og Beskæftigelse",
        None,
        D(2017, 9, 1),
        None,
        0,
        0,
        [],
        [(D(2017, 6, 1), IS.IDEA, "")],
    ),
    (
        AALBORG,
        "Mobilt hellested ved Karolinelunden",
        K.SAFE_PLACE,
        T.SHORT,
        "Et overdækket hellested, placeret efter dialogmøder med brugere, beboere og "
        "erhvervsdrivende.",
        ["Karolinelunden"],
        "Center for Sociale Indsatser",
        "Henrik Bach",
        D(2018, 5, 1),
        D(2018, 12, 31),
        600_000,
        410_000,
        ["hellested", "konflikter"],
        [
            (D(2018, 4, 15), IS.PLANNED, "Dialogmøde med naboerne holdt."),
            (D(2018, 9, 3), IS.IN_PROGRESS, "Hellestedet er åbnet."),
        ],
    ),
    (
        AALBORG,
        "Belysning og beplantning på Arkivpladsen",
        K.PHYSICAL,
        T.SHORT,
        "Bedre belysning og ny beplantning, så pladsen føles tryggere og er lettere at holde ren.",
        ["Arkivpladsen"],
        "By- og Landskabsforvaltningen",
        "Lone Kjær",
        D(2018, 8, 1),
        D(2018, 11, 30),
        900_000,
        0,
        ["renhold"],
        [
            (D(2018, 5, 1), IS.IDEA, ""),
            (D(2018, 6, 20), IS.PLANNED, "Styregruppen har prioriteret pladsen."),
        ],
    ),
    (
        AALBORG,
        "Samskabelse omkring Arkivhaven og Vor Frue",
        K.CO_CREATION,
        T.LONG,
        "Lokal proces med kirken, naboer, erhvervsdrivende og brugerne af Arkivhaven.",
        [],
        "Center for Sociale Indsatser",
        "Camilla Vestergaard",
        D(2018, 4, 1),
        None,
        300_000,
        120_000,
        ["byplan", "tryghed"],
        [(D(2018, 4, 1), IS.IN_PROGRESS, "Første møde i den lokale gruppe.")],
    ),
    (
        AALBORG,
        "Tryghedsvandring i Midtbyen",
        K.SAFETY_WALKS,
        T.LONG,
        "Planlagte gåture med beboere, erhvervsdrivende, kommune og politi.",
        ["Arkivpladsen", "Karolinelunden"],
        "Nordjyllands Politi",
        "Morten Bækgaard",
        None,
        None,
        50_000,
        0,
        ["tryghed"],
        [(D(2018, 10, 1), IS.IDEA, "")],
    ),
]

ST = ActionItem.Status
# plan, title, initiative, person, organisation, group, due (days from today or a date),
# status, done on
ACTION_ITEMS = [
    (
        AARHUS,
        "Find placering til hellested nr. 3",
        "3-5 overdækkede hellesteder i byen",
        "Lars Vind",
        None,
        governance.NETWORK,
        -14,
        ST.OPEN,
        None,
    ),
    (
        AARHUS,
        "Møde med City Foreningen om småjobs for butikkerne",
        "Småjobs på Klostertorvet",
        None,
        "City Foreningen (Aarhus)",
        governance.NETWORK,
        -3,
        ST.OPEN,
        None,
    ),
    (
        AARHUS,
        "Indkøb af arbejdshandsker og veste til småjobs",
        "Småjobs på Klostertorvet",
        "Rikke Hald",
        "Kirkens Korshær",
        governance.NETWORK,
        10,
        ST.IN_PROGRESS,
        None,
    ),
    (
        AARHUS,
        "Dialog om nattelivsgæsters brug af toilettet",
        "Nyt toilet på Klostertorvet",
        "Helle Brandt",
        "Østjyllands Politi",
        governance.NETWORK,
        21,
        ST.OPEN,
        None,
    ),
    (
        AARHUS,
        "Aftal rengøring af pissoiret i weekenderne",
        "Midlertidigt pissoir på Klostertorvet",
        "Jonas Eriksen",
        None,
        governance.NETWORK,
        D(2017, 3, 1),
        ST.DONE,
        D(2017, 2, 28),
    ),
    (
        AALBORG,
        "Indhent tilbud på belysning på Arkivpladsen",
        "Belysning og beplantning på Arkivpladsen",
        "Lone Kjær",
        "By- og Landskabsforvaltningen",
        governance.WORKING,
        -30,
        ST.OPEN,
        None,
    ),
    (
        AALBORG,
        "Invitér naboer til opfølgning om hellestedet",
        "Mobilt hellested ved Karolinelunden",
        "Camilla Vestergaard",
        None,
        governance.COORDINATING,
        7,
        ST.OPEN,
        None,
    ),
    (
        AALBORG,
        "Aftal fælles registrering af hændelser med politiet",
        "Mobilt hellested ved Karolinelunden",
        "Morten Bækgaard",
        "Nordjyllands Politi",
        governance.COORDINATING,
        -5,
        ST.IN_PROGRESS,
        None,
    ),
    (
        AALBORG,
        "Saml beboernes input til Arkivhaven",
        "Samskabelse omkring Arkivhaven og Vor Frue",
        "Peter Dahl",
        None,
        governance.LOCAL_ARKIVHAVEN,
        5,
        ST.OPEN,
        None,
    ),
    (
        AALBORG,
        "Kortlæg hvornår pladsen bruges over døgnet",
        "Belysning og beplantning på Arkivpladsen",
        "Kasper Holm",
        None,
        governance.LOCAL_ARKIVHAVEN,
        -2,
        ST.OPEN,
        None,
    ),
    (
        AALBORG,
        "Skriv statusnotat til styregruppen",
        None,
        "Sofie Lindberg",
        "Familie- og Beskæftigelsesforvaltningen",
        governance.STEERING,
        3,
        ST.OPEN,
        None,
    ),
    (
        AALBORG,
        "Godkend design for evalueringen",
        None,
        "Anne Mølgaard",
        None,
        governance.STEERING,
        -1,
        ST.OPEN,
        None,
    ),
]


def _places(municipality):
    places = {}
    for name, city, kind, lat, lon in PLACES:
        if city != municipality.name:
            continue
        place = Place.objects.filter(name__iexact=name, city__iexact=city).first()
        if place is None:
            place = Place.objects.create(
                name=name, city=city, kind=kind, latitude=Decimal(lat), longitude=Decimal(lon)
            )
        places[name] = place
    return places


def seed(municipality):
    """Create or update ``municipality``'s demo plans. Needs its governance seeded."""
    today = timezone.localdate()
    places = _places(municipality)
    groups = {g.name: g for g in Group.objects.all()}
    organisations = {o.name: o for o in Organisation.objects.all()}
    people = {p.name: p for p in Person.objects.all()}

    plans = {}
    for data in PLANS[municipality.name]:
        data = dict(data)
        owners = data.pop("groups")
        consultants = data.pop("consultants")
        data["project_leader"] = people[data.pop("project_leader")]
        plan, _ = ActionPlan.objects.update_or_create(title=data.pop("title"), defaults=data)
        # The plan's groups and the local groups below them, whose items the plan counts.
        local = Group.objects.filter(kind=Group.Kind.LOCAL)
        plan.groups.set([groups[name] for name in owners] + list(local))
        plan.consultants.set([people[name] for name in consultants])
        plans[plan.title] = plan

    def rows(table):
        """The rows of ``table`` (plan first) that belong to this municipality's plans."""
        return [row for row in table if row[0] in plans]

    for plan, body, planned, actual, outcome, note in rows(APPROVALS):
        ApprovalStep.objects.update_or_create(
            plan=plans[plan],
            body=body,
            defaults={
                "planned_date": planned,
                "actual_date": actual,
                "outcome": outcome,
                "note": note,
            },
        )
    for plan, month, activity, group, status, happened, note in rows(TIMELINE):
        TimelineActivity.objects.update_or_create(
            plan=plans[plan],
            month=month,
            activity=activity,
            defaults={
                "responsible_group": groups[group],
                "status": status,
                "happened_on": happened,
                "note": note,
            },
        )

    goals = {}
    for plan, key, track, text, criteria, indicator, baseline, target, horizon in rows(GOALS):
        goals[key], _ = Goal.objects.update_or_create(
            plan=plans[plan],
            text=text,
            defaults={
                "track": track,
                "success_criteria": criteria,
                "indicator": indicator,
                "baseline": baseline,
                "target": target,
                "horizon": horizon,
                # Counts and shares cannot be negative; a share cannot pass 100 %.
                "value_min": 0 if indicator else None,
                "value_max": 100 if "%" in indicator else None,
            },
        )
    plan_of_goal = {row[1]: row[0] for row in GOALS}
    for key, date, status, value, note, by in ASSESSMENTS:
        if plan_of_goal[key] not in plans:
            continue  # a goal of another municipality's plan
        Assessment.objects.update_or_create(
            goal=goals[key],
            date=date,
            defaults={
                "status": status,
                "measured_value": value,
                "note": note,
                "assessed_by": people[by],
            },
        )
    for plan, point, date, status, note, by in rows(EVALUATIONS):
        Assessment.objects.update_or_create(
            plan=plans[plan],
            point=point,
            date=date,
            defaults={"status": status, "note": note, "assessed_by": people[by]},
        )

    initiatives = {}
    for (
        plan,
        title,
        kind,
        track,
        description,
        place_names,
        organisation,
        person,
        start,
        end,
        allocated,
        spent,
        goal_keys,
        updates,
    ) in rows(INITIATIVES):
        initiative, _ = Initiative.objects.update_or_create(
            plan=plans[plan],
            title=title,
            defaults={
                "kind": kind,
                "track": track,
                "description": description,
                "responsible_organisation": organisations[organisation],
                "responsible_person": people[person] if person else None,
                "start": start,
                "end": end,
                "budget_allocated": allocated,
                "budget_spent": spent,
                "status": updates[-1][1],
            },
        )
        initiative.places.set([places[name] for name in place_names])
        initiative.goals.set([goals[key] for key in goal_keys])
        previous = ""
        for date, status, note in updates:
            InitiativeUpdate.objects.update_or_create(
                initiative=initiative,
                date=date,
                new_status=status,
                defaults={"old_status": previous, "note": note},
            )
            previous = status
        initiatives[title] = initiative

    for (
        _plan,
        title,
        initiative,
        person,
        organisation,
        group,
        due,
        status,
        done_on,
    ) in rows(ACTION_ITEMS):
        if isinstance(due, int):
            due = today + datetime.timedelta(days=due)
        ActionItem.objects.update_or_create(
            title=title,
            defaults={
                "initiative": initiatives[initiative] if initiative else None,
                "source": ActionItem.Source.INITIATIVE if initiative else ActionItem.Source.OTHER,
                "responsible_person": people[person] if person else None,
                "responsible_organisation": organisations[organisation] if organisation else None,
                "group": groups[group],
                "due": due,
                "status": status,
                "done_on": done_on,
            },
        )
    # The area each plan covers: the demo has one plan a municipality, over all its places.
    for plan in plans.values():
        plan.places.set(Place.objects.all())
    return {"plans": plans, "initiatives": initiatives}
