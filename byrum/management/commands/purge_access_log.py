from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

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
        deleted, _ = AccessLog.objects.older_than(cutoff).delete()
        self.stdout.write(f"Deleted {deleted} access-log rows from before {cutoff:%Y-%m-%d %H:%M}.")
