"""The demo's municipalities, their demo logins (password "demo") and the order in which each
app's demo data is seeded."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as Role

from byrum import roles, tenancy
from governance.models import Account, Municipality

from . import attachments as attachments_demo
from . import governance as governance_demo
from . import incidents as incidents_demo
from . import involvement as involvement_demo
from . import meetings as meetings_demo
from . import places as places_demo
from . import plan as plan_demo
from .municipalities import AALBORG, AARHUS, MUNICIPALITIES

DEMO_PASSWORD = "demo"

# Each municipality's logins: username, role, person (by name), first name, last name.
# The administrator (a superuser, who may work in any municipality) starts in Aalborg.
DEMO_USERS = {
    AALBORG: [
        ("admin", None, None, "Administrator", ""),
        ("konsulent", roles.CONSULTANT, "Sofie Lindberg", "Sofie", "Lindberg"),
        ("vicevaert", roles.CARETAKER, "Kasper Holm", "Kasper", "Holm"),
        ("styregruppe", roles.STEERING, "Anne Mølgaard", "Anne", "Mølgaard"),
        ("lokal", roles.MEMBER, "Peter Dahl", "Peter", "Dahl"),
        ("boligsocial", roles.HOUSING_WORKER, "Nadia Fog", "Nadia", "Fog"),
    ],
    AARHUS: [
        ("konsulent.aarhus", roles.CONSULTANT, "Signe Bech", "Signe", "Bech"),
        ("vicevaert.aarhus", roles.CARETAKER, "Jonas Eriksen", "Jonas", "Eriksen"),
        ("styregruppe.aarhus", roles.STEERING, "Lars Vind", "Lars", "Vind"),
    ],
}

# Each app's seeder, in dependency order; each is called once per municipality, with that
# municipality set for the transaction. Later apps append theirs.
SEEDERS = [
    ("governance", governance_demo.seed),
    ("places", places_demo.seed),
    ("action plans", plan_demo.seed),
    ("meetings", meetings_demo.seed),
    ("involvement", involvement_demo.seed),
    ("attachments", attachments_demo.seed),
    ("incidents", incidents_demo.seed),
]


def municipalities():
    """The demo's municipalities, created when missing (by code)."""
    return [
        Municipality.objects.get_or_create(code=code, defaults={"name": name})[0]
        for name, code in MUNICIPALITIES
    ]


def seed_all(log, *, demo_users=False):
    """Run every seeder for every municipality, inside ``tenancy.municipality`` so that each
    row belongs to it and sees only its own rows to refer to. The demo logins come right
    after governance (they link to its people), so later seeders can use them, e.g.
    incidents reported by the demo caretaker. Returns {municipality name: {seeder: result}}."""
    results = {}
    for municipality in municipalities():
        log(f"  {municipality.name} ({municipality.code}):")
        results[municipality.name] = seeded = {}
        with tenancy.municipality(municipality.pk):
            for label, seeder in SEEDERS:
                seeded[label] = seeder(municipality)
                log(f"    {label}: ok")
                if label == "governance" and demo_users:
                    create_demo_users(municipality, seeded["governance"]["people"], log)
    return results


def create_demo_users(municipality, people, log):
    """``municipality``'s demo logins, each with its Account in it and linked to its person."""
    User = get_user_model()
    for username, role_name, person_name, first, last in DEMO_USERS[municipality.name]:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
                "is_staff": username == "admin",
                "is_superuser": username == "admin",
            },
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save()
        account, _ = Account.objects.get_or_create(
            user=user, defaults={"municipality": municipality}
        )
        if account.municipality_id != municipality.pk:
            account.municipality = municipality
            account.save(update_fields=["municipality"])
        if role_name:
            user.groups.add(Role.objects.get(name=role_name))
        if person_name:
            person = people[person_name]
            if person.user_id != user.pk:
                person.user = user
                person.save(update_fields=["user"])
        log(f"    login {username} / {DEMO_PASSWORD}" + (" (new)" if created else ""))
