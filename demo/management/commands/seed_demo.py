import pghistory
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from demo.seed import seed_all


class Command(BaseCommand):
    help = (
        "Load Byrum's demo data for its two municipalities, Aalborg and Aarhus (idempotent). "
        "With DEBUG on, or --demo-users, also the demo logins with password 'demo': admin, "
        "konsulent, vicevaert, styregruppe, lokal and boligsocial in Aalborg; "
        "konsulent.aarhus, vicevaert.aarhus and styregruppe.aarhus in Aarhus."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-users",
            action="store_true",
            help="Create the demo logins even when DEBUG is off.",
        )

    @transaction.atomic
    @pghistory.context(command="seed_demo")  # history events name the command, not a user
    def handle(self, *args, demo_users=False, **options):
        self.stdout.write("Seeding demo data:")
        with_users = settings.DEBUG or demo_users
        seed_all(self.stdout.write, demo_users=with_users)
        if not with_users:
            self.stdout.write(
                self.style.WARNING(
                    "DEBUG is off: demo logins not created (give --demo-users to create them)."
                )
            )
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
