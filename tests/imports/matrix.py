from django.urls import reverse

from imports.models import SheetImport
from tests.matrix import LOGIN, PERSONAS, Row, only

# Moving in is the secretariat's work: consultants (and the administrator) import and export.
CONSULTANTS = only({"consultant": 200, "admin": 200}, denied=403)


def build(world):
    world.sheet_import = SheetImport.objects.create(
        kind="organisations",
        file_name="organisationer.xlsx",
        headers=["Navn", "Type", "Beskrivelse", "Hjemmeside"],
        rows=[{"Navn": "Matrix Organisation", "Type": "", "Beskrivelse": "", "Hjemmeside": ""}],
        preview=[{"row": 2, "type": "new", "label": "Matrix Organisation", "messages": []}],
        uploaded_by=world.people.users["consultant"],
    )


def _own_upload(ok):
    """The sheet's page (preview or job) and its status are the uploader's, the other
    consultants' (tests/imports/test_sheet_pages.py) and the administrator's; everyone
    else: 404."""
    return {**{p: 404 for p in PERSONAS}, "anonymous": LOGIN, "consultant": ok, "admin": ok}


ROWS = [
    Row("imports:upload", lambda w: reverse("imports:upload"), CONSULTANTS),
    Row(
        "imports:preview",
        lambda w: reverse("imports:preview", args=[w.sheet_import.pk]),
        _own_upload(200),
    ),
    Row(
        "imports:confirm",
        lambda w: reverse("imports:confirm", args=[w.sheet_import.pk]),
        _own_upload(302),
        method="post",
    ),
    Row(
        "imports:status",
        lambda w: reverse("imports:status", args=[w.sheet_import.pk]),
        _own_upload(200),
    ),
    Row(
        "imports:template",
        lambda w: reverse("imports:template", args=["people"]),
        CONSULTANTS,
    ),
    Row("imports:export", lambda w: reverse("imports:export", args=["people"]), CONSULTANTS),
]
