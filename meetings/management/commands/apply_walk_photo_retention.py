import dataclasses

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from byrum import tenancy
from meetings.services import apply_walk_photo_retention


class Command(BaseCommand):
    help = (
        "Remove the photos of safety-walk findings recorded more than "
        "WALK_PHOTO_RETENTION_MONTHS months ago (they may show residents' faces). The "
        "findings themselves are kept for the follow-up."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only say what would go.")

    @transaction.atomic
    def handle(self, *args, dry_run=False, **options):
        months = settings.WALK_PHOTO_RETENTION_MONTHS
        results = tenancy.for_each_municipality(
            lambda _municipality: apply_walk_photo_retention(months=months, dry_run=dry_run)
        ).values()
        result = dataclasses.replace(
            apply_walk_photo_retention(months=months, dry_run=True)
            if not results
            else next(iter(results)),
            photos=sum(r.photos for r in results),
        )
        cutoff = timezone.localtime(result.cutoff).strftime("%Y-%m-%d %H:%M")
        verb = "Would remove" if dry_run else "Removed"
        self.stdout.write(
            f"Walk photo retention: {months} months, findings recorded before {cutoff} "
            f"(Europe/Copenhagen). {verb} {result.photos} photo(s)."
        )
