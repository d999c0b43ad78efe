"""Demo logins (password "demo") and the order in which each app's demo data is seeded."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as Role

from byrum import roles

from . import attachments as attachments_demo
from . import governance as governance_demo
from . import incidents as incidents_demo
from . import involvement as involvement_demo
from . import meetings as meetings_demo
from . import places as places_demo
from . import plan as plan_demo

DEMO_PASSWORD = "demo"

# username, role, person (by name), first name, last name
DEMO_USERS = [
    ("admin", None, None, "Administrator", ""),
    ("konsulent", roles.CONSULTANT, "Sofie Lindberg", "Sofie", "Lindberg"),
    ("vicevaert", roles.CARETAKER, "Kasper Holm", "Kasper", "Holm"),
    ("styregruppe", roles.STEERING, "Anne Mølgaard", "Anne", "Mølgaard"),
    ("lokal", roles.MEMBER, "Peter Dahl", "Peter", "Dahl"),
    ("boligsocial", roles.HOUSING_WORKER, "Nadia Fog", "Nadia", "Fog"),
]

# Each app's seeder, in dependency order. Later apps append theirs.
SEEDERS = [
    ("governance", governance_demo.seed),
    ("places", places_demo.seed),
    ("action plans", plan_demo.seed),
    ("meetings", meetings_demo.seed),
    ("involvement", involvement_demo.seed),
    ("attachments", attachments_demo.seed),
    ("incidents", incidents_demo.seed),
]


def seed_all(log, *, demo_users=False):
    """Run every seeder. The demo logins come right after governance (they link to its
    people), so later seeders can use them, e.g. incidents reported by the demo caretaker."""
    results = {}
    for label, seeder in SEEDERS:
        results[label] = seeder()
        log(f"  {label}: ok")
        if label == "governance" and demo_users:
            create_demo_users(results["governance"]["people"], log)
    return results


def create_demo_users(people, log):
    User = get_user_model()
    for username, role_name, person_name, first, last in DEMO_USERS:
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
        if role_name:
            user.groups.add(Role.objects.get(name=role_name))
        if person_name:
            person = people[person_name]
            if person.user_id != user.pk:
                person.user = user
                person.save(update_fields=["user"])
        log(f"  login {username} / {DEMO_PASSWORD}" + (" (new)" if created else ""))
