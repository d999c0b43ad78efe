"""Demo governance: Aalborg's groups from the terms of reference, and Aarhus' "Byen for alle"
network. Organisations, groups and titles are real; every person's name is made up.

Each municipality has its own partnership: Kirkens Korshær and SAND work in both cities, so
each has a row in each municipality. Everything is keyed on natural keys and fixed dates, so
running it twice changes nothing.
"""

import datetime

from governance.models import Group, Membership, Organisation, Person

from .municipalities import AALBORG, AARHUS

K = Organisation.Kind
AALBORG_ORGANISATIONS = [
    ("Familie- og Beskæftigelsesforvaltningen", K.MUNICIPALITY),
    ("Center for Sociale Indsatser", K.MUNICIPALITY),
    ("By- og Landskabsforvaltningen", K.MUNICIPALITY),
    ("Bo- og Gadeteamet", K.MUNICIPALITY),
    ("Socialafdelingen", K.MUNICIPALITY),
    ("Ældre- og Handicapforvaltningen", K.MUNICIPALITY),
    ("Job og Aktivhuset", K.MUNICIPALITY),
    ("Aalborg Bibliotekerne", K.MUNICIPALITY),
    ("Nordjyllands Politi", K.POLICE),
    ("Cityforeningen", K.BUSINESS),
    ("Midtbyens Samråd", K.RESIDENTS),
    ("Kirkens Korshær", K.NGO),
    ("Parasollen", K.NGO),
    ("Frelsens Hær", K.NGO),
    ("Blå Kors", K.NGO),
    ("Kofoeds Skole", K.NGO),
    ("Det Grønlandske Hus", K.NGO),
    ("SAND – De hjemløses landsorganisation", K.NGO),
    ("Udsatterådet", K.OTHER),
    ("Hjerterummet", K.NGO),
    ("Grundejerforeningen Godsbanearealet", K.RESIDENTS),
    ("Vor Frue Kirke", K.OTHER),
]
AARHUS_ORGANISATIONS = [
    ("Aarhus Kommune, Sociale Forhold og Beskæftigelse", K.MUNICIPALITY),
    ("Østjyllands Politi", K.POLICE),
    ("City Foreningen (Aarhus)", K.BUSINESS),
    ("Kirkens Korshær", K.NGO),
    ("SAND – De hjemløses landsorganisation", K.NGO),
]
ORGANISATIONS = {AALBORG: AALBORG_ORGANISATIONS, AARHUS: AARHUS_ORGANISATIONS}

# name, title, organisation, e-mail user part
AALBORG_PEOPLE = [
    (
        "Anne Mølgaard",
        "Børne- og Familiechef",
        "Familie- og Beskæftigelsesforvaltningen",
        "anne.molgaard",
    ),
    ("Henrik Bach", "Centerleder", "Center for Sociale Indsatser", "henrik.bach"),
    ("Lone Kjær", "Stadsgartner", "By- og Landskabsforvaltningen", "lone.kjaer"),
    ("Mikkel Thorsen", "Byplanlægger", "By- og Landskabsforvaltningen", "mikkel.thorsen"),
    ("Jens Overgaard", "Vicepolitiinspektør", "Nordjyllands Politi", "jens.overgaard"),
    ("Bente Riis", "Formand", "Cityforeningen", "bente.riis"),
    ("Ole Sørensen", "Formand", "Midtbyens Samråd", "ole.sorensen"),
    ("Ida Kragh", "Kontorchef", "Familie- og Beskæftigelsesforvaltningen", "ida.kragh"),
    (
        "Sofie Lindberg",
        "Udviklingskonsulent, Børne- og Familiesekretariatet",
        "Familie- og Beskæftigelsesforvaltningen",
        "sofie.lindberg",
    ),
    ("Camilla Vestergaard", "Konsulent", "Center for Sociale Indsatser", "camilla.vestergaard"),
    ("Torben Lauridsen", "Sekretariatsleder", "Center for Sociale Indsatser", "torben.lauridsen"),
    ("Karina Friis", "Leder af Bo- og Gadeteamet", "Bo- og Gadeteamet", "karina.friis"),
    ("Rasmus Holt", "Ledelsesrepræsentant", "Socialafdelingen", "rasmus.holt"),
    (
        "Birgitte Nørgaard",
        "Ledelsesrepræsentant",
        "Ældre- og Handicapforvaltningen",
        "birgitte.norgaard",
    ),
    ("Thomas Kjeldsen", "Ledelsesrepræsentant", "Job og Aktivhuset", "thomas.kjeldsen"),
    ("Morten Bækgaard", "Politikommissær", "Nordjyllands Politi", "morten.baekgaard"),
    (
        "Louise Damgaard",
        "Medarbejder i det opsøgende ungeteam",
        "Center for Sociale Indsatser",
        "louise.damgaard",
    ),
    ("Jakob Winther", "Leder af Varmestuen", "Kirkens Korshær", "jakob.winther"),
    ("Susanne Brix", "Leder", "Parasollen", "susanne.brix"),
    ("Niels Bundgaard", "Leder", "Frelsens Hær", "niels.bundgaard"),
    ("Hanne Vinther", "Leder", "Blå Kors", "hanne.vinther"),
    ("Lis Mortensen", "Leder", "Kofoeds Skole", "lis.mortensen"),
    ("Aputsiaq Lund", "Inklusionsmedarbejder", "Det Grønlandske Hus", "aputsiaq.lund"),
    ("Maja Toft", "Leder af Service og Aktiviteter", "Aalborg Bibliotekerne", "maja.toft"),
    ("Kim Andersen", "Repræsentant", "SAND – De hjemløses landsorganisation", "kim.andersen"),
    ("Per Ravn", "Repræsentant", "Udsatterådet", "per.ravn"),
    ("Inge Lauritsen", "Repræsentant", "Midtbyens Samråd", "inge.lauritsen"),
    ("Kasper Holm", "Social vicevært", "Center for Sociale Indsatser", "kasper.holm"),
    ("Peter Dahl", "Beboer i Midtbyen", "Midtbyens Samråd", "peter.dahl"),
    ("Sara Munk", "Kirke- og kulturmedarbejder", "Vor Frue Kirke", "sara.munk"),
    ("Erik Juhl", "Butiksindehaver", "Cityforeningen", "erik.juhl"),
    ("Mona Eskildsen", "Daglig leder", "Hjerterummet", "mona.eskildsen"),
    # The coordinators (tovholdere) of the local processes (seed 001), and the housing
    # social worker who keeps the mediation log (seed 003).
    ("Karen Bisgaard", "Tovholder", "Center for Sociale Indsatser", "karen.bisgaard"),
    ("Knud Vestergaard", "Tovholder, forebyggelse", "Nordjyllands Politi", "knud.vestergaard"),
    ("Lars Ebbesen", "Formand", "Grundejerforeningen Godsbanearealet", "lars.ebbesen"),
    ("Nadia Fog", "Boligsocial medarbejder", "Center for Sociale Indsatser", "nadia.fog"),
]
AARHUS_PEOPLE = [
    (
        "Lars Vind",
        "Afdelingsleder",
        "Aarhus Kommune, Sociale Forhold og Beskæftigelse",
        "lars.vind",
    ),
    (
        "Signe Bech",
        "Udviklingskonsulent",
        "Aarhus Kommune, Sociale Forhold og Beskæftigelse",
        "signe.bech",
    ),
    ("Helle Brandt", "Politiassistent", "Østjyllands Politi", "helle.brandt"),
    ("Rikke Hald", "Gadeplansmedarbejder", "Kirkens Korshær", "rikke.hald"),
    ("Søren Kirk", "Citychef", "City Foreningen (Aarhus)", "soren.kirk"),
    ("Bo Iversen", "Repræsentant", "SAND – De hjemløses landsorganisation", "bo.iversen"),
    (
        "Jonas Eriksen",
        "Social vicevært",
        "Aarhus Kommune, Sociale Forhold og Beskæftigelse",
        "jonas.eriksen",
    ),
    # The employment consultant of the small jobs on Klostertorvet.
    (
        "Mette Skov",
        "Beskæftigelseskonsulent",
        "Aarhus Kommune, Sociale Forhold og Beskæftigelse",
        "mette.skov",
    ),
]
PEOPLE = {AALBORG: AALBORG_PEOPLE, AARHUS: AARHUS_PEOPLE}

STEERING = "Styregruppen for handleplan for socialt udsatte i byens rum og pladser"
WORKING = "Arbejdsgruppen for handleplanen"
COORDINATING = "Koordinerende tværfaglig gruppe"
LOCAL_ARKIVHAVEN = "Lokal gruppe Arkivhaven og Vor Frue"
LOCAL_GODSBANEN = "Lokal gruppe Godsbanearealet og Hjerterummet"
NETWORK = "Byen for alle netværket"

G = Group.Kind
# name, kind, city, parent, mandate, tasks
AALBORG_GROUPS = [
    (
        STEERING,
        G.STEERING,
        "Aalborg",
        None,
        "Ledelsesrepræsentanter fra de centrale interessenter. Sikrer koordinering, fremdrift og "
        "ledelsesmæssig opbakning på tværs af organisationer, og er ansvarlig for økonomi og "
        "ressourcer. Mødes efter behov og kan nedsætte yderligere arbejdsgrupper.",
        "Sikre koordinering og fremdrift i arbejdet med handleplanen\n"
        "Sikre ledelsesmæssig opbakning på tværs af organisatoriske tilhørsforhold\n"
        "Fastsætte mål og succeskriterier på kort og lang sigt\n"
        "Have ansvar for økonomi og ressourceanvendelse\n"
        "Nedsætte yderligere arbejdsgrupper ved behov",
    ),
    (
        WORKING,
        G.WORKING,
        "Aalborg",
        STEERING,
        "En hurtigtarbejdende gruppe, der formulerer udkast til handleplanen og anbefalinger på "
        "kort og lang sigt. 4-6 møder, planlagt af formanden og konsulenterne.",
        "Beskrive målgruppen og dens særlige problemer\n"
        "Kortlægge hvilke rum og pladser der tiltrækker målgrupperne, og hvordan de er indrettet\n"
        "Styrke det tværgående samarbejde og de eksisterende samarbejdsfora\n"
        "Sikre bruger- og beboerinddragelse, bl.a. om placering af hellesteder\n"
        "Formulere mål, delmål og evalueringsmetoder for omsætning af handleplanen",
    ),
    (
        COORDINATING,
        G.COORDINATING,
        "Aalborg",
        STEERING,
        "Bred tværfaglig gruppe af myndigheder, forvaltninger, frivillige organisationer og "
        "repræsentanter for de socialt udsatte og borgerne, som kvalificerer handleplanen og "
        "omsætter den i daglig praksis. Mødes to gange om året.",
        "Kvalificere udkast til handleplanen på fælles møder\n"
        "Implementere handleplanen i egen daglige praksis efter godkendelse\n"
        "Medvirke til evaluering af indsatserne på kort og lang sigt",
    ),
    (
        LOCAL_ARKIVHAVEN,
        G.LOCAL,
        "Aalborg",
        WORKING,
        "Beboere, erhvervsdrivende, brugere af stedet og relevante forvaltninger omkring "
        "Arkivhaven og Vor Frue Kirke. Indkaldes af Center for Sociale Indsatser.",
        "Give input til forslag om konkrete initiativer tidligt i processen\n"
        "Bidrage med lokalområdets perspektiv på planlagte initiativer\n"
        "Deltage i evalueringen af de lokale initiativer",
    ),
    (
        LOCAL_GODSBANEN,
        G.LOCAL,
        "Aalborg",
        WORKING,
        "Samskabelse omkring værestedet Hjerterummet ved Godsbanearealet: naboer, brugere, "
        "kommune og politi.",
        "Give input til forslag om konkrete initiativer tidligt i processen\n"
        "Planlægge åbent hus og naboarrangementer\n"
        "Deltage i evalueringen af de lokale initiativer",
    ),
]
AARHUS_GROUPS = [
    (
        NETWORK,
        G.NETWORK,
        "Aarhus",
        None,
        "Netværk af Aarhus Kommune, Østjyllands Politi, Kirkens Korshær, City Foreningen og "
        "SAND, der i fællesskab tager ansvar for at løse problemer i og omkring Klostertorvet "
        "og byens rum i øvrigt.",
        "Løse problemer i og omkring Klostertorvet i fællesskab\n"
        "Følge op på hellesteder, sociale viceværter og småjobs",
    ),
]
GROUPS = {AALBORG: AALBORG_GROUPS, AARHUS: AARHUS_GROUPS}

# "Samtlige grupper sekretariatsbetjenes af konsulenter fra Familie- og
# Beskæftigelsesforvaltningen" (the terms of reference); Aarhus runs its own network.
SECRETARIAT = {
    AALBORG: "Familie- og Beskæftigelsesforvaltningen",
    AARHUS: "Aarhus Kommune, Sociale Forhold og Beskæftigelse",
}

R = Membership.Role
START = datetime.date(2017, 12, 1)
# group, person, role, start, end
AALBORG_MEMBERSHIPS = [
    (STEERING, "Anne Mølgaard", R.CHAIR, START, None),
    (STEERING, "Henrik Bach", R.MEMBER, START, None),
    (STEERING, "Lone Kjær", R.MEMBER, START, None),
    (STEERING, "Mikkel Thorsen", R.MEMBER, START, None),
    (STEERING, "Jens Overgaard", R.MEMBER, START, None),
    (STEERING, "Bente Riis", R.MEMBER, START, None),
    (STEERING, "Ole Sørensen", R.MEMBER, START, None),
    (STEERING, "Ida Kragh", R.MEMBER, START, datetime.date(2018, 6, 30)),
    (STEERING, "Sofie Lindberg", R.SECRETARY, START, None),
    (WORKING, "Henrik Bach", R.CHAIR, START, None),
    (WORKING, "Torben Lauridsen", R.MEMBER, START, None),
    (WORKING, "Camilla Vestergaard", R.MEMBER, START, None),
    (WORKING, "Mikkel Thorsen", R.MEMBER, START, None),
    (WORKING, "Sofie Lindberg", R.SECRETARY, START, None),
    (COORDINATING, "Henrik Bach", R.CHAIR, START, None),
    (COORDINATING, "Camilla Vestergaard", R.SECRETARY, START, None),
    (COORDINATING, "Torben Lauridsen", R.MEMBER, START, None),
    (COORDINATING, "Karina Friis", R.MEMBER, START, None),
    (COORDINATING, "Rasmus Holt", R.MEMBER, START, None),
    (COORDINATING, "Birgitte Nørgaard", R.MEMBER, START, None),
    (COORDINATING, "Thomas Kjeldsen", R.MEMBER, START, None),
    (COORDINATING, "Lone Kjær", R.MEMBER, START, None),
    (COORDINATING, "Morten Bækgaard", R.MEMBER, START, None),
    (COORDINATING, "Louise Damgaard", R.MEMBER, START, None),
    (COORDINATING, "Jakob Winther", R.MEMBER, START, None),
    (COORDINATING, "Susanne Brix", R.MEMBER, START, None),
    (COORDINATING, "Niels Bundgaard", R.MEMBER, START, None),
    (COORDINATING, "Hanne Vinther", R.MEMBER, START, None),
    (COORDINATING, "Lis Mortensen", R.MEMBER, START, None),
    (COORDINATING, "Aputsiaq Lund", R.MEMBER, START, None),
    (COORDINATING, "Maja Toft", R.MEMBER, START, None),
    (COORDINATING, "Kim Andersen", R.MEMBER, START, None),
    (COORDINATING, "Per Ravn", R.MEMBER, START, None),
    (COORDINATING, "Inge Lauritsen", R.MEMBER, START, None),
    (LOCAL_ARKIVHAVEN, "Camilla Vestergaard", R.SECRETARY, datetime.date(2018, 4, 1), None),
    (LOCAL_ARKIVHAVEN, "Peter Dahl", R.CHAIR, datetime.date(2018, 4, 1), None),
    (LOCAL_ARKIVHAVEN, "Sara Munk", R.MEMBER, datetime.date(2018, 4, 1), None),
    (LOCAL_ARKIVHAVEN, "Erik Juhl", R.MEMBER, datetime.date(2018, 4, 1), None),
    (LOCAL_ARKIVHAVEN, "Kasper Holm", R.MEMBER, datetime.date(2018, 4, 1), None),
    (LOCAL_ARKIVHAVEN, "Morten Bækgaard", R.OBSERVER, datetime.date(2018, 4, 1), None),
    (LOCAL_GODSBANEN, "Camilla Vestergaard", R.SECRETARY, datetime.date(2018, 5, 1), None),
    (LOCAL_GODSBANEN, "Mona Eskildsen", R.CHAIR, datetime.date(2018, 5, 1), None),
    (LOCAL_GODSBANEN, "Kasper Holm", R.MEMBER, datetime.date(2018, 5, 1), None),
    (LOCAL_GODSBANEN, "Ole Sørensen", R.MEMBER, datetime.date(2018, 5, 1), None),
    (LOCAL_GODSBANEN, "Morten Bækgaard", R.MEMBER, datetime.date(2018, 5, 1), None),
    (LOCAL_GODSBANEN, "Lars Ebbesen", R.MEMBER, datetime.date(2018, 5, 1), None),
    (LOCAL_GODSBANEN, "Karen Bisgaard", R.COORDINATOR, datetime.date(2018, 5, 1), None),
    (LOCAL_GODSBANEN, "Knud Vestergaard", R.COORDINATOR, datetime.date(2018, 5, 1), None),
    (LOCAL_ARKIVHAVEN, "Karen Bisgaard", R.COORDINATOR, datetime.date(2018, 4, 1), None),
    (LOCAL_ARKIVHAVEN, "Knud Vestergaard", R.COORDINATOR, datetime.date(2018, 4, 1), None),
]
AARHUS_MEMBERSHIPS = [
    (NETWORK, "Lars Vind", R.CHAIR, datetime.date(2016, 9, 1), None),
    (NETWORK, "Signe Bech", R.SECRETARY, datetime.date(2016, 9, 1), None),
    (NETWORK, "Helle Brandt", R.MEMBER, datetime.date(2016, 9, 1), None),
    (NETWORK, "Rikke Hald", R.MEMBER, datetime.date(2016, 9, 1), None),
    (NETWORK, "Søren Kirk", R.MEMBER, datetime.date(2016, 9, 1), None),
    (NETWORK, "Bo Iversen", R.MEMBER, datetime.date(2016, 9, 1), None),
    (NETWORK, "Jonas Eriksen", R.MEMBER, datetime.date(2017, 3, 1), None),
    (NETWORK, "Mette Skov", R.MEMBER, datetime.date(2017, 5, 1), None),
]
MEMBERSHIPS = {AALBORG: AALBORG_MEMBERSHIPS, AARHUS: AARHUS_MEMBERSHIPS}


def seed(municipality):
    """Create or update the demo governance of ``municipality`` (the one set for the
    transaction). Returns its people, groups and organisations by name."""
    organisations = {}
    for name, kind in ORGANISATIONS[municipality.name]:
        organisations[name], _ = Organisation.objects.update_or_create(
            name=name, defaults={"kind": kind}
        )
    people = {}
    for name, title, organisation, mail in PEOPLE[municipality.name]:
        people[name], _ = Person.objects.update_or_create(
            name=name,
            defaults={
                "title": title,
                "organisation": organisations[organisation],
                "email": f"{mail}@example.org",
            },
        )
    secretariat = organisations[SECRETARIAT[municipality.name]]
    groups = {}
    for name, kind, city, parent, mandate, tasks in GROUPS[municipality.name]:
        groups[name], _ = Group.objects.update_or_create(
            name=name,
            defaults={
                "kind": kind,
                "city": city,
                "parent": groups[parent] if parent else None,
                "secretariat": secretariat,
                "mandate": mandate,
                "tasks": tasks,
            },
        )
    for group, person, role, start, end in MEMBERSHIPS[municipality.name]:
        Membership.objects.update_or_create(
            group=groups[group],
            person=people[person],
            start=start,
            defaults={"role": role, "end": end},
        )
    return {"people": people, "groups": groups, "organisations": organisations}
