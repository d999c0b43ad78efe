import re
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from byrum.icons import ICONS, SPRITE

SVG = re.compile(r"<svg[^>]*viewBox=\"([^\"]+)\"[^>]*>(.*)</svg>", re.S)


class Command(BaseCommand):
    help = (
        "Build static/img/icons.svg, one <symbol> per icon in byrum.icons.ICONS, from the "
        "icons folder of the bootstrap-icons npm package."
    )

    def add_arguments(self, parser):
        parser.add_argument("icons_dir", help="bootstrap-icons/icons (from npm pack)")

    def handle(self, *args, icons_dir, **options):
        symbols = []
        for name in ICONS:
            path = Path(icons_dir) / f"{name}.svg"
            if not path.exists():
                raise CommandError(f"{path} is missing")
            match = SVG.search(path.read_text(encoding="utf-8"))
            body = " ".join(match.group(2).split())
            symbols.append(f'<symbol id="{name}" viewBox="{match.group(1)}">{body}</symbol>')
        target = Path(settings.BASE_DIR) / "static" / SPRITE
        target.write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" fill="currentColor">'
            "<!-- Bootstrap Icons 1.13.2, MIT licence -->\n" + "\n".join(symbols) + "\n</svg>\n",
            encoding="utf-8",
        )
        self.stdout.write(f"{target}: {len(symbols)} icons")
