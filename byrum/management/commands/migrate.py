"""``manage.py migrate`` as the owner role (DATABASE_OWNER_URL): the application's role may
not create or alter tables. Afterwards the owner grants the application's role its privileges
(byrum.db_roles, from post_migrate)."""

from django.core.management.commands.migrate import Command as MigrateCommand

from byrum.db_roles import as_owner


class Command(MigrateCommand):
    def handle(self, *args, **options):
        with as_owner(options["database"]):
            return super().handle(*args, **options)
