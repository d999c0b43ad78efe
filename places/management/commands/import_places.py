import json

from django.core.management.base import BaseCommand, CommandError

from byrum import tenancy
from governance.models import Municipality
from places.geojson import GeoJSONError
from places.services import ImportResult, import_places


class Command(BaseCommand):
    help = (
        "Create or update places from a GeoJSON file (a FeatureCollection of Points, Polygons "
        "or MultiPolygons with the properties name, city and kind), matching by name and city. "
        "Reports what it did with each feature; a bad feature is refused and never stops the "
        "good ones."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The GeoJSON file, e.g. places.geojson")
        parser.add_argument(
            "--municipality",
            help="The municipality's three-digit code (e.g. 851); needed when Byrum serves "
            "more than one.",
        )

    def handle(self, *args, file, municipality=None, **options):
        municipalities = Municipality.objects.all()
        if municipality:
            municipalities = municipalities.filter(code=municipality)
        if len(municipalities) != 1:
            codes = ", ".join(f"{m.code} ({m.name})" for m in Municipality.objects.all())
            raise CommandError(f"Name the municipality with --municipality: {codes or 'none'}")
        try:
            with open(file, encoding="utf-8") as handle:
                data = json.load(handle)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror or error}") from error
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise CommandError(f"{file} is not valid JSON: {error}") from error
        try:
            with tenancy.municipality(municipalities[0].pk):
                results = import_places(data)
        except GeoJSONError as error:
            raise CommandError(str(error)) from error

        styles = {
            ImportResult.CREATED: self.style.SUCCESS,
            ImportResult.UPDATED: self.style.SUCCESS,
            ImportResult.UNCHANGED: str,
            ImportResult.REFUSED: self.style.ERROR,
        }
        for result in results:
            line = f"#{result.number} {result.name or '?'}: {result.action}"
            if result.reason:
                line += f" ({result.reason})"
            self.stdout.write(styles[result.action](line))
        counts = {action: 0 for action in styles}
        for result in results:
            counts[result.action] += 1
        summary = "{created} created, {updated} updated, {unchanged} unchanged, {refused} refused."
        self.stdout.write(summary.format(**counts))
