"""The demo's two municipalities (issue 13), each its own tenant.

Aalborg gives the terms of reference (its plan, groups, organisations such as Nordjyllands
Politi, its places, meetings and safety walk); Aarhus gives Klostertorvet (its plan, the
"Byen for alle" network, Østjyllands Politi, City Foreningen, the social caretakers and the
small jobs). Every seeder's data is split by municipality, and ``demo.seed`` runs each seeder
once per municipality with that municipality set for the transaction, so every row, and every
row it refers to, belongs to one of them.
"""

AALBORG = "Aalborg"
AARHUS = "Aarhus"

# name, the municipality's three-digit code
MUNICIPALITIES = [(AALBORG, "851"), (AARHUS, "751")]
