"""Demo attachments, so the feature shows, in Aalborg: an appendix (bilag) to the steering
group's coming meeting on the mid-term evaluation, a small PDF drawn by Byrum's own PDF
machinery, on that agenda item; and a picture from the open house on the Hjerterummet
co-creation initiative at Godsbanearealet.

Each file goes through the same checks and storage as an upload (byrum.attachments: the image
is stored without metadata, the PDF checked by content). A file is added only when its record
has none of that name, so seeding twice changes nothing; if the row is there but the storage
lost its file (a media folder wiped under a kept database), the file is written again under
the row's name, so the row stays as it was.
"""

import io

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from actionplan.models import Initiative
from byrum.attachments import attachment_add, check_upload
from byrum.models import Attachment
from byrum.pdf import render_pdf
from meetings.models import AgendaItem

from . import governance
from .involvement import CO_CREATION
from .municipalities import AALBORG

MEETING = "Styregruppemøde: midtvejsevaluering"
ITEM = "Midtvejsevaluering"
APPENDIX = "bilag-midtvejsevaluering.pdf"
APPENDIX_TITLE = "Bilag: data til midtvejsevalueringen"
PHOTO = "aabent-hus-hjerterummet.jpg"
PHOTO_TITLE = "Åbent hus i Hjerterummet: opslagstavlen med beboernes forslag"

INDICATORS = [
    (
        "Hændelser pr. sted pr. måned",
        "Sociale viceværters registreringer",
        "Færre konflikter på Arkivpladsen siden lyset blev skiftet; flere gode kontakter.",
    ),
    (
        "Oplevet tryghed",
        "Spørgeskema til beboere og erhvervsdrivende",
        "Besvarelserne indsamles i næste måned.",
    ),
    (
        "Hellesteder i brug",
        "Tællinger ved hellestedet ved Karolinelunden",
        "Bruges hver dag, mest om eftermiddagen; naboerne er inviteret til opfølgning.",
    ),
    (
        "Borgerinddragelse",
        "Inddragelsesaktiviteter og input",
        "To åbne huse i Hjerterummet og høringen af handleplanen; de fleste input er besvaret.",
    ),
]
QUESTIONS = [
    "Er indikatorerne de rette til slutevalueringen?",
    "Hvilke indsatser skal have flere midler i andet halvår?",
]


def _appendix(item):
    return render_pdf(
        "demo/appendix.html",
        {
            "title": APPENDIX_TITLE,
            "meeting": item.meeting,
            "item": item,
            "intro": "Arbejdsgruppen har samlet de data, styregruppen skal bruge til "
            "midtvejsevalueringen af handleplanen.",
            "rows": INDICATORS,
            "questions": QUESTIONS,
            "document_label": APPENDIX_TITLE,
            "draft": False,
            "page_word": "Side",
            "printed_label": "Byrum (demodata)",
        },
        language="da",
    )


def _photo():
    """A drawing of a notice board with notes on it: something to look at, no one in it."""
    image = Image.new("RGB", (640, 420), "#dfe9f3")
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 50, 580, 370), fill="#b5835a", outline="#6b4a2f", width=8)
    notes = ["#fff59d", "#ffcc80", "#a5d6a7", "#90caf9", "#f48fb1", "#fff59d"]
    for n, colour in enumerate(notes):
        left, top = 100 + (n % 3) * 160, 90 + (n // 3) * 140
        draw.rectangle((left, top, left + 120, top + 100), fill=colour)
        for line in range(3):
            draw.line((left + 12, top + 25 + line * 22, left + 105, top + 25 + line * 22), "#555")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def _attach(record, name, title, make):
    """Add the file ``make()`` gives, as ``name``, to ``record`` unless it has one of that
    name. (``name`` is the name as the checks store it: a JPEG image keeps its .jpg.)"""
    existing = Attachment.objects.for_objects(record).filter(name=name).order_by("pk").first()
    if existing is None:
        checked = check_upload(SimpleUploadedFile(name, make()))
        return attachment_add(target=record, checked=checked, user=None, title=title)
    storage = existing.file.storage
    if not storage.exists(existing.file.name):
        checked = check_upload(SimpleUploadedFile(name, make()))
        storage.save(existing.file.name, ContentFile(checked.content.read()))
    return existing


def seed(municipality):
    """Aalborg's files (Aarhus has none). Needs the meetings and the involvement demo (the
    initiative)."""
    if municipality.name != AALBORG:
        return {}
    item = AgendaItem.objects.select_related("meeting__group").get(
        meeting__group__name=governance.STEERING, meeting__title=MEETING, title=ITEM
    )
    initiative = Initiative.objects.get(title=CO_CREATION)
    return {
        "appendix": _attach(item, APPENDIX, APPENDIX_TITLE, lambda: _appendix(item)),
        "photo": _attach(initiative, PHOTO, PHOTO_TITLE, _photo),
    }
