import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from byrum.models import AccessLog


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day and time ``months`` calendar months earlier (the month's last day when
    the day does not exist there, e.g. 31 August -> 28/29 February)."""
    index = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    next_month = datetime.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


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
