"""Demo citizen involvement (seeds 000-004). In Aalborg: the co-creation process around the
drop-in centre Hjerterummet at Godsbanearealet with Grundejerforeningen Godsbanearealet, its
open houses (the second on 30 November), the plan's public hearing with responses and
answers, a citizen-driven initiative, and the housing social worker's mediation log, without
names. In Aarhus: the interviews behind the context analysis of Klostertorvet and what became
of them.

Keyed on natural keys and fixed dates, so running it twice changes nothing.
"""

import datetime

from actionplan.models import (
    ActionPlan,
    ActivityKind,
    Initiative,
    InputKind,
    InputOutcome,
    InvolvementActivity,
    InvolvementInput,
    MediationCase,
)
from governance.models import Group, Organisation
from meetings.models import Decision
from places.models import Place

from . import governance
from . import plan as plans
from .municipalities import AALBORG, AARHUS
from .seeding import upsert

D = datetime.date
CO_CREATION = "Samskabelse omkring Hjerterummet ved Godsbanearealet"
CITIZEN_DRIVEN = "Naboernes æbleskivehold ved Hjerterummet"

# Each municipality's involvement is under its plan.
PLAN = {AALBORG: plans.AALBORG, AARHUS: plans.AARHUS}

# title, kind, date, place or area, group, initiative, counts, summary, inputs
# counts: residents, business owners, people who use the place, volunteers/NGO, police,
# municipality. inputs: (kind, text, sender organisation, outcome, answer, reason,
# initiative title, decision text start)
AALBORG_ACTIVITIES = [
    (
        "Åbent hus i Hjerterummet (oktober)",
        ActivityKind.OPEN_HOUSE,
        D(2018, 10, 18),
        "Godsbanearealet",
        governance.LOCAL_GODSBANEN,
        CO_CREATION,
        (14, 4, 22, 6, 1, 2),
        "Mad og brobyggende samvær på værestedet for beboere, erhvervsdrivende, gæster og "
        "personale. Kommunens byrumsmedarbejder og tovholder deltog.",
        [
            (
                InputKind.CONCERN,
                "Larm ved indgangen sent om aftenen, når værestedet lukker.",
                None,
                InputOutcome.DECISION,
                "Hjerterummet rydder op udenfor ved lukketid og holder nabomøde hvert kvartal.",
                "",
                None,
                "Hjerterummet holder et nabomøde",
            ),
            (
                InputKind.PROPOSAL,
                "Et overdækket sted tæt på Hjerterummet, hvor gæsterne kan være før og efter "
                "åbningstid.",
                None,
                InputOutcome.INITIATIVE,
                "Det overdækkede sted etableres i samarbejde med grundejerforeningen.",
                "",
                CO_CREATION,
                None,
            ),
            (
                InputKind.PRAISE,
                "Godt at møde personalet og gæsterne – det gør det lettere at tale sammen.",
                None,
                InputOutcome.ANSWERED,
                "Tak. Næste åbne hus er den 30. november.",
                "",
                None,
                None,
            ),
        ],
    ),
    (
        "Åbent hus med æbleskiver i Hjerterummet",
        ActivityKind.OPEN_HOUSE,
        D(2018, 11, 30),
        "Godsbanearealet",
        governance.LOCAL_GODSBANEN,
        CO_CREATION,
        (21, 5, 26, 7, 1, 3),
        "Grundejerforeningen og værestedet inviterede alle beboere, forretningsdrivende og "
        "værestedsgæster til æbleskiver, dialog og fælles hygge.",
        [
            (
                InputKind.PROPOSAL,
                "Beboerne vil selv stå for æbleskiverne ved de næste arrangementer.",
                None,
                InputOutcome.INITIATIVE,
                "Det bliver et borgerdrevet initiativ; kommunen betaler råvarerne.",
                "",
                CITIZEN_DRIVEN,
                None,
            ),
            (
                InputKind.CONCERN,
                "Cykler og affald spærrer fortovet foran caféen.",
                None,
                InputOutcome.OPEN,
                "",
                "",
                None,
                None,
            ),
            (
                InputKind.PROPOSAL,
                "Videoovervågning af hele pladsen.",
                None,
                InputOutcome.DECLINED,
                "Forslaget følges ikke.",
                "Overvågning af et værested strider mod formålet om et trygt og mangfoldigt "
                "byområde; lys og flere voksne på stedet prioriteres i stedet.",
                None,
                None,
            ),
        ],
    ),
    (
        "Dialogmøde med naboer ved Arkivhaven",
        ActivityKind.DIALOGUE_MEETING,
        D(2018, 9, 12),
        "Arkivhaven",
        governance.LOCAL_ARKIVHAVEN,
        "Samskabelse omkring Arkivhaven og Vor Frue",
        (18, 6, 4, 3, 2, 3),
        "Beboere og erhvervsdrivende om utryghed ved Arkivhaven og Vor Frue Kirke.",
        [
            (
                InputKind.CONCERN,
                "Råben og konflikter på bænkene om eftermiddagen.",
                None,
                InputOutcome.ANSWERED,
                "Gadeteamet og Kirkens Korshær er til stede mellem kl. 14 og 18.",
                "",
                None,
                None,
            ),
        ],
    ),
    (
        "Offentlig høring af handleplanen",
        ActivityKind.HEARING,
        D(2018, 3, 1),
        "Aalborg Midtby",
        None,
        None,
        (0, 0, 0, 0, 0, 0),
        "Intern og ekstern høring, februar–marts 2018.",
        [
            (
                InputKind.PROPOSAL,
                "Hellesteder bør placeres i dialog med de erhvervsdrivende omkring stedet.",
                "Cityforeningen",
                InputOutcome.ANSWERED,
                "Lokale grupper med erhvervsdrivende inddrages, før et hellested placeres.",
                "",
                None,
                None,
            ),
            (
                InputKind.CONCERN,
                "Beboerne i Midtbyen mangler en fast kontakt, når der opstår problemer.",
                "Midtbyens Samråd",
                InputOutcome.ANSWERED,
                "Hver lokal proces får en tovholder i kommunen og en ved politiet.",
                "",
                None,
                None,
            ),
            (
                InputKind.PROPOSAL,
                "Brugerne selv skal have en plads i de lokale grupper.",
                "SAND – De hjemløses landsorganisation",
                InputOutcome.OPEN,
                "",
                "",
                None,
                None,
            ),
        ],
    ),
]

AARHUS_ACTIVITIES = [
    (
        "Interviews til kontekstanalysen af Klostertorvsområdet",
        ActivityKind.INTERVIEW,
        D(2016, 6, 15),
        "Klostertorvet",
        governance.NETWORK,
        None,
        (9, 12, 24, 6, 2, 4),
        "Kenneth Balfelt Team interviewede socialt udsatte, de professionelle omkring dem, "
        "butikker og caféer, naboer og ejendomsejere om livet på og omkring Klostertorvet.",
        [
            (
                InputKind.CONCERN,
                "Toilettet har længe været ude af drift, så der forrettes nødtørft i krogene.",
                None,
                InputOutcome.INITIATIVE,
                "Et nyt toilet med to toiletter og et pissoir opstilles i maj.",
                "",
                "Nyt toilet på Klostertorvet",
                None,
            ),
            (
                InputKind.PROPOSAL,
                "Flere steder i byen, hvor man kan være i fred, så ikke alle samles på torvet.",
                None,
                InputOutcome.INITIATIVE,
                "Der arbejdes på 3-5 overdækkede hellesteder forskellige steder i byen.",
                "",
                "3-5 overdækkede hellesteder i byen",
                None,
            ),
            (
                InputKind.PROPOSAL,
                "Brugerne af torvet kunne selv hjælpe med at holde det pænt.",
                "City Foreningen (Aarhus)",
                InputOutcome.INITIATIVE,
                "Småjobs med oprydning, afvask af stole og pleje af grønt.",
                "",
                "Småjobs på Klostertorvet",
                None,
            ),
        ],
    ),
]
ACTIVITIES = {AALBORG: AALBORG_ACTIVITIES, AARHUS: AARHUS_ACTIVITIES}

# The housing social worker's mediation log (Aalborg): date, kind of conflict, parties
# (roles), sessions, outcome, referred, note
MEDIATION = {
    AALBORG: [
        (
            D(2018, 9, 4),
            "noise",
            "Beboer i stuen – beboer på 1. sal",
            2,
            "agreement",
            False,
            "Aftale om stille timer efter kl. 22 og om musik i weekenden.",
        ),
        (
            D(2018, 10, 22),
            "shared_spaces",
            "Beboere i opgang B – gæster i gården",
            3,
            "partial",
            True,
            "Kontakt formidlet til kommunens opsøgende medarbejdere.",
        ),
        (
            D(2018, 11, 15),
            "neighbours",
            "To naboer på samme etage",
            1,
            "ongoing",
            False,
            "",
        ),
    ]
}
MEDIATION_PLACE = "Godsbanearealet"


def _initiatives(plan, places, organisations):
    """Aalborg's initiatives of the co-creation at Godsbanearealet; returns the mediation's."""
    place = places["Godsbanearealet"]
    co_creation, _ = upsert(
        Initiative,
        plan=plan,
        title=CO_CREATION,
        defaults={
            "kind": Initiative.Kind.CO_CREATION,
            "track": Initiative.Track.SHORT,
            "status": Initiative.Status.IN_PROGRESS,
            "description": "Hjerterummet, Grundejerforeningen Godsbanearealet og Center for "
            "Sociale Indsatser skaber sammen et trygt og mangfoldigt byområde med plads til "
            "alle og et dialogbaseret naboskab.",
            "responsible_organisation": organisations["Center for Sociale Indsatser"],
            "start": D(2018, 5, 1),
            "budget_allocated": 150_000,
            "budget_spent": 60_000,
        },
    )
    co_creation.places.add(place)
    citizen, _ = upsert(
        Initiative,
        plan=plan,
        title=CITIZEN_DRIVEN,
        defaults={
            "kind": Initiative.Kind.CITIZEN_DRIVEN,
            "citizen_driven": True,
            "track": Initiative.Track.SHORT,
            "status": Initiative.Status.PLANNED,
            "description": "Beboerne står selv for æbleskiver og kaffe ved de åbne huse; "
            "kommunen betaler råvarerne.",
            "responsible_organisation": organisations["Grundejerforeningen Godsbanearealet"],
            "start": D(2019, 1, 1),
            "budget_allocated": 5_000,
        },
    )
    citizen.places.add(place)
    mediation, _ = upsert(
        Initiative,
        plan=plan,
        title="Konfliktmægling mellem naboer på Godsbanearealet",
        defaults={
            "kind": Initiative.Kind.MEDIATION,
            "track": Initiative.Track.SHORT,
            "status": Initiative.Status.IN_PROGRESS,
            "description": "Den boligsociale medarbejder mægler mellem naboer og skaber kontakt "
            "til kommunens opsøgende medarbejdere.",
            "responsible_organisation": organisations["Center for Sociale Indsatser"],
            "start": D(2018, 8, 1),
        },
    )
    mediation.places.add(place)
    return mediation


def seed(municipality):
    """``municipality``'s involvement. Needs its governance, places, plans and meetings (a
    decision takes up an input)."""
    plan = ActionPlan.objects.get(title=PLAN[municipality.name])
    places = {p.name: p for p in Place.objects.all()}
    organisations = {o.name: o for o in Organisation.objects.all()}
    groups = {g.name: g for g in Group.objects.all()}
    mediation_initiative = None
    if municipality.name == AALBORG:  # the co-creation and the mediation are Aalborg's
        mediation_initiative = _initiatives(plan, places, organisations)
    initiatives = {i.title: i for i in Initiative.objects.filter(plan=plan)}
    for (
        title,
        kind,
        date,
        where,
        group,
        initiative,
        counts,
        summary,
        inputs,
    ) in ACTIVITIES[municipality.name]:
        residents, business, users, volunteers, police, municipal_staff = counts
        place = places.get(where)
        activity, _ = upsert(
            InvolvementActivity,
            plan=plan,
            title=title,
            defaults={
                "kind": kind,
                "date": date,
                "place": place,
                "area": "" if place else where,
                "group": groups[group] if group else None,
                "initiative": initiatives[initiative] if initiative else None,
                "residents": residents,
                "business_owners": business,
                "place_users": users,
                "volunteers": volunteers,
                "police": police,
                "municipal_staff": municipal_staff,
                "summary": summary,
            },
        )
        for kind_, text, sender, outcome, answer, reason, into, decision in inputs:
            answered = outcome != InputOutcome.OPEN
            item, _ = upsert(
                InvolvementInput,
                activity=activity,
                text=text,
                defaults={
                    "kind": kind_,
                    "sender_organisation": organisations[sender] if sender else None,
                    "outcome": outcome,
                    "answer": answer,
                    "reason": reason,
                    "initiative": initiatives[into] if into else None,
                    "answered_on": date + datetime.timedelta(days=14) if answered else None,
                },
            )
            if decision:
                found = Decision.objects.filter(text__startswith=decision).first()
                if found is not None:
                    found.involvement_inputs.add(item)
    for date, kind, parties, sessions, outcome, referred, note in MEDIATION.get(
        municipality.name, []
    ):
        upsert(
            MediationCase,
            plan=plan,
            date=date,
            parties=parties,
            defaults={
                "initiative": mediation_initiative,
                "place": places[MEDIATION_PLACE],
                "conflict_kind": kind,
                "sessions": sessions,
                "outcome": outcome,
                "referred_to_outreach": referred,
                "note": note,
            },
        )
    return {"plan": plan}
