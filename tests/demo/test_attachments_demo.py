"""The demo's files: an appendix to the steering group's coming meeting on its agenda item, a
picture on the Hjerterummet initiative; shown where a person looks, and seeding twice changes
nothing (a file the storage lost is written again under its row's name)."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from byrum.models import Attachment
from demo.seed import seed_all
from meetings.models import AgendaItem
from tests.meetings.test_documents import pdf_pages

pytestmark = pytest.mark.django_db


def _download(client, attachment):
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.fixture
def seeded(people):
    """Aalborg's seeded records (the files are Aalborg's, where the test works)."""
    return seed_all(lambda message: None)["Aalborg"]


def test_the_demo_shows_files_where_a_person_looks(clients, seeded):
    # An appendix on the agenda item of a meeting to come, a PDF with the data.
    appendix = seeded["attachments"]["appendix"]
    item = AgendaItem.objects.get(pk=appendix.target_id)
    assert (item.title, item.meeting.title) == (
        "Midtvejsevaluering",
        "Styregruppemøde: midtvejsevaluering",
    )
    assert item.meeting.state == "planned"  # on the agenda of a meeting to come
    assert appendix.mime_type == "application/pdf" and appendix.name.endswith(".pdf")
    agenda = clients.consultant.get(reverse("meetings:agenda", args=[item.meeting_id]))
    assert "Bilag: data til midtvejsevalueringen" in agenda.content.decode()
    meeting_page = clients.consultant.get(item.meeting.get_absolute_url()).content.decode()
    assert appendix.get_absolute_url() in meeting_page
    _, pages = pdf_pages(_download(clients.consultant, appendix))
    words = "".join("".join(pages).split())
    assert "Bilag:datatilmidtvejsevalueringen" in words and "Oplevettryghed" in words
    # A picture on the initiative, stored without metadata.
    photo = seeded["attachments"]["photo"]
    assert photo.target.title == "Samskabelse omkring Hjerterummet ved Godsbanearealet"
    assert photo.mime_type == "image/jpeg"
    page = clients.steering.get(photo.target.get_absolute_url()).content.decode()
    assert "Åbent hus i Hjerterummet: opslagstavlen" in page
    with Image.open(io.BytesIO(_download(clients.steering, photo))) as image:
        assert image.size == (640, 420) and not image.getexif()


def test_seeding_again_changes_nothing_and_restores_a_lost_file(seeded):
    rows = list(Attachment.objects.order_by("pk").values())
    assert len(rows) == 2
    contents = {a.pk: a.file.open("rb").read() for a in Attachment.objects.all()}
    seed_all(lambda message: None)
    assert list(Attachment.objects.order_by("pk").values()) == rows
    assert {a.pk: a.file.open("rb").read() for a in Attachment.objects.all()} == contents
    # The media folder wiped, the database kept: the file comes back under the same name.
    lost = Attachment.objects.get(pk=seeded["attachments"]["photo"].pk)
    lost.file.storage.delete(lost.file.name)
    seed_all(lambda message: None)
    assert list(Attachment.objects.order_by("pk").values()) == rows
    assert lost.file.storage.exists(lost.file.name)
