import dataclasses

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from byrum import tenancy
from incidents.services import apply_retention


class Command(BaseCommand):
    help = (
        "Remove the free text, photos and reporter positions of incidents older than "
        "INCIDENT_RETENTION_MONTHS months (also from their history). The figures (place, "
        "time, category, severity, counts) are kept for statistics."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only say what would be removed.",
        )

    @transaction.atomic
    def handle(self, *args, dry_run=False, **options):
        months = settings.INCIDENT_RETENTION_MONTHS
        # Each municipality's incidents in its own turn (row-level security shows one).
        results = tenancy.for_each_municipality(
            lambda _municipality: apply_retention(months=months, dry_run=dry_run)
        ).values()
        result = dataclasses.replace(
            apply_retention(months=months, dry_run=True) if not results else next(iter(results)),
            incidents=sum(r.incidents for r in results),
            photos=sum(r.photos for r in results),
            events=sum(r.events for r in results),
        )
        cutoff = timezone.localtime(result.cutoff).strftime("%Y-%m-%d %H:%M")
        verb = "Would remove" if dry_run else "Removed"
        self.stdout.write(
            f"Retention: {months} months, incidents before {cutoff} (Europe/Copenhagen)."
        )
        self.stdout.write(
            f"{verb} the free text and reporter position of {result.incidents} incident(s), "
            f"{result.photos} photo(s), and the same from {result.events} history record(s). "
            "Place, time, category, severity and counts are kept."
        )
        if not dry_run:
            self.stdout.write(self.style.SUCCESS("Retention applied."))
