"""Files on records: checked by content, images stripped, stored through Django's storage,
downloaded only by those who see the record, in history and (for protected records) in the
access log."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pghistory.models import Events
from PIL import Image

from byrum import attachments
from byrum.models import AccessLog, Attachment
from meetings.access import get_meeting_for_user
from meetings.models import Meeting
from tests.budgets import REQUEST_OVERHEAD
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, at

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _docx(macros=False):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        if macros:
            archive.writestr("word/vbaProject.bin", b"\x00")
    return out.getvalue()


def _odt():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def _jpeg_with_gps():
    image = Image.new("RGB", (40, 30), "green")
    exif = Image.Exif()
    exif[0x010F] = "Kamera A/S"  # Make
    exif[0x8825] = {2: (57.0, 2.0, 48.0)}  # GPS latitude
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def meeting(people):
    return MeetingFactory(group=people.local_group, start=at(-1), state=Meeting.State.HELD)


def _upload(client, record, key, name, content, title=""):
    url = reverse("attachment_add", args=[key, record.pk])
    return client.post(
        url, {"file": SimpleUploadedFile(name, content), "title": title, "next": "/x/"}
    )


@pytest.mark.parametrize(
    "name, content, mime",
    [
        ("Budget 2018.pdf", PDF, "application/pdf"),
        ("referat.docx", _docx(), attachments.OFFICE[".docx"]),
        ("notat.odt", _odt(), attachments.OPENDOCUMENT[".odt"]),
    ],
)
def test_documents_are_stored_through_the_storage_and_downloaded_by_members(
    clients, meeting, name, content, mime
):
    response = _upload(clients.consultant, meeting, "meetings.meeting", name, content, "Bilag 1")
    assert response.status_code == 302 and response["Location"] == "/x/"
    attachment = Attachment.objects.get()
    assert (attachment.target, attachment.mime_type, attachment.size) == (
        meeting,
        mime,
        len(content),
    )
    assert attachment.name == name.replace(" ", "_")
    assert attachment.file.storage.exists(attachment.file.name)
    assert name not in attachment.file.name  # a random name in the storage
    download = clients.local.get(attachment.get_absolute_url())
    assert download.status_code == 200 and b"".join(download.streaming_content) == content
    assert download["Content-Type"] == mime and "attachment;" in download["Content-Disposition"]
    assert clients.outsider.get(attachment.get_absolute_url()).status_code == 404
    # Listed on the meeting's page, and in history with who added it.
    assert "Bilag 1" in clients.local.get(meeting.get_absolute_url()).text
    event = Events.objects.get(pgh_model="byrum.AttachmentEvent", pgh_label="insert")
    assert event.pgh_data["name"] == attachment.name


def test_an_image_loses_its_metadata(clients, meeting):
    raw = _jpeg_with_gps()
    assert b"Kamera A/S" in raw
    _upload(clients.consultant, meeting, "meetings.meeting", "foto.jpeg", raw)
    attachment = Attachment.objects.get()
    stored = attachment.file.open("rb").read()
    assert b"Kamera A/S" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif() and image.size == (40, 30)
    assert attachment.name == "foto.jpg" and attachment.mime_type == "image/jpeg"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("program.exe", b"MZ\x90\x00", "Filer af denne type modtages ikke"),
        ("side.html", b"<script>alert(1)</script>", "Filer af denne type modtages ikke"),
        ("falsk.pdf", b"<html>not a pdf</html>", "Filens indhold passer ikke til navnet (.pdf)"),
        ("falsk.docx", PDF, "Filens indhold passer ikke til navnet (.docx)"),
        ("falsk.xlsx", _docx(), "Filens indhold passer ikke til navnet (.xlsx)"),
        ("falsk.png", PDF, "Filens indhold passer ikke til navnet (.png)"),
        ("makro.docx", _docx(macros=True), "Dokumenter med makroer modtages ikke"),
        ("tom.pdf", b"", "Den indsendte fil er tom."),
    ],
)
def test_bad_files_are_refused_with_a_danish_message(clients, meeting, name, content, message):
    response = _upload(clients.consultant, meeting, "meetings.meeting", name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_file_too_large_is_refused(clients, meeting, settings):
    settings.ATTACHMENT_MAX_MB = 1
    response = _upload(
        clients.consultant, meeting, "meetings.meeting", "stor.pdf", PDF + b"0" * (2 * 1024 * 1024)
    )
    assert "Filen er for stor (2 MB). Den må højst fylde 1 MB." in response.text
    assert not Attachment.objects.exists()


def test_no_file_at_all(clients, meeting):
    url = reverse("attachment_add", args=["meetings.meeting", meeting.pk])
    response = clients.consultant.post(url, {"title": "x"})
    assert response.status_code == 200 and "Dette felt er påkrævet." in response.text


def test_files_are_locked_with_approved_minutes(clients, people, meeting):
    _upload(clients.consultant, meeting, "meetings.meeting", "a.pdf", PDF)
    attachment = Attachment.objects.get()
    Meeting.objects.filter(pk=meeting.pk).update(
        state=Meeting.State.MINUTES_APPROVED, approved_at=at(0)
    )
    response = _upload(clients.consultant, meeting, "meetings.meeting", "b.pdf", PDF)
    assert response.status_code == 302 and Attachment.objects.count() == 1
    clients.consultant.post(reverse("attachment_delete", args=[attachment.pk]))
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_removing_a_file_keeps_its_history(clients, meeting, django_capture_on_commit_callbacks):
    _upload(clients.consultant, meeting, "meetings.meeting", "a.pdf", PDF)
    attachment = Attachment.objects.get()
    name = attachment.file.name
    storage = attachment.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        response = clients.consultant.post(reverse("attachment_delete", args=[attachment.pk]))
    assert response.status_code == 302
    assert not Attachment.objects.exists() and not storage.exists(name)
    assert Events.objects.filter(pgh_model="byrum.AttachmentEvent", pgh_label="delete").exists()
    # Members may not remove files.
    _upload(clients.consultant, meeting, "meetings.meeting", "b.pdf", PDF)
    other = Attachment.objects.get()
    assert clients.local.post(reverse("attachment_delete", args=[other.pk])).status_code == 403


def test_downloads_of_protected_records_are_in_the_access_log(
    clients, people, meeting, monkeypatch
):
    monkeypatch.setitem(
        attachments._registry,
        "meetings.meeting",
        attachments.Target(Meeting, get_meeting_for_user, protected=True),
    )
    _upload(clients.consultant, meeting, "meetings.meeting", "a.pdf", PDF)
    attachment = Attachment.objects.get()
    clients.local.get(attachment.get_absolute_url())
    row = AccessLog.objects.get()
    assert row.username == "lokal" and row.object_ids == [str(meeting.pk)]
    assert row.content_type.model == "meeting" and row.action == "viewed"


def test_unprotected_records_leave_no_access_log(clients, meeting):
    _upload(clients.consultant, meeting, "meetings.meeting", "a.pdf", PDF)
    clients.local.get(Attachment.objects.get().get_absolute_url())
    assert not AccessLog.objects.exists()


def test_files_on_plans_and_initiatives(clients):
    from tests.actionplan.factories import InitiativeFactory

    initiative = InitiativeFactory()
    _upload(clients.consultant, initiative.plan, "actionplan.actionplan", "plan.pdf", PDF, "Plan")
    _upload(clients.consultant, initiative, "actionplan.initiative", "ind.pdf", PDF, "Indsats")
    assert "Plan" in clients.steering.get(initiative.plan.get_absolute_url()).text
    assert "Indsats" in clients.steering.get(initiative.get_absolute_url()).text
    # The steering group sees plans but may not add files to them.
    response = _upload(clients.steering, initiative, "actionplan.initiative", "x.pdf", PDF)
    assert response.status_code == 403


@pytest.mark.parametrize("items", [1, 6])
def test_the_meeting_page_lists_files_in_one_query(
    clients, meeting, items, django_assert_max_num_queries
):
    for n in range(items):
        item = AgendaItemFactory(meeting=meeting)
        for _ in range(2):
            _upload(clients.consultant, item, "meetings.agendaitem", f"b{n}.pdf", PDF)
    _upload(clients.consultant, meeting, "meetings.meeting", "m.pdf", PDF)
    with django_assert_max_num_queries(REQUEST_OVERHEAD + 14):
        response = clients.local.get(meeting.get_absolute_url())
    assert len(re.findall(r'href="/attachments/\d+/"', response.text)) == 2 * items + 1
