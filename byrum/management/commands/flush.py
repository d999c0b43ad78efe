"""``manage.py flush`` as the owner role: emptying every table is TRUNCATE, which the
application's role may not do. Tests with real transactions flush at their end."""

from django.core.management.commands.flush import Command as FlushCommand

from byrum.db_roles import as_owner


class Command(FlushCommand):
    def handle(self, **options):
        with as_owner(options["database"]):
            return super().handle(**options)
