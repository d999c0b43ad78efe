from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand

SKIP = {".venv", "node_modules", "static", "staticfiles", ".git"}


class Command(BaseCommand):
    help = (
        "Compile every locale/*/LC_MESSAGES/django.po of the project to .mo in pure Python, "
        "so a fresh machine needs no GNU gettext (Django's compilemessages does)."
    )

    def handle(self, *args, **options):
        base = Path(settings.BASE_DIR)
        count = 0
        for po_path in sorted(base.glob("**/locale/*/LC_MESSAGES/django.po")):
            if SKIP & set(po_path.relative_to(base).parts):
                continue
            po = polib.pofile(str(po_path))
            po.save_as_mofile(str(po_path.with_suffix(".mo")))
            count += 1
            self.stdout.write(f"  {po_path.relative_to(base)}: {po.percent_translated()}%")
        self.stdout.write(self.style.SUCCESS(f"Compiled {count} catalogues."))
