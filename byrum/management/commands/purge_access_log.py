from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from byrum import tenancy
from byrum.dates import months_before
from byrum.models import AccessLog


class Command(BaseCommand):
    help = (
        "Delete access-log rows older than ACCESS_LOG_RETENTION_MONTHS (default 6). "
        "Run it daily, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help="Keep this many months instead of ACCESS_LOG_RETENTION_MONTHS.",
        )

    def handle(self, *args, months=None, **options):
        months = settings.ACCESS_LOG_RETENTION_MONTHS if months is None else months
        if months < 1:
            raise CommandError("The retention must be at least one month.")
        cutoff = months_before(timezone.now(), months)
        # Each municipality's rows in its own turn (row-level security shows one).
        deleted = sum(
            tenancy.for_each_municipality(
                lambda _municipality: AccessLog.objects.older_than(cutoff).delete()[0]
            ).values()
        )
        self.stdout.write(f"Deleted {deleted} access-log rows from before {cutoff:%Y-%m-%d %H:%M}.")
