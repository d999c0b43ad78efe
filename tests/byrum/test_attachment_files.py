"""An attachment's file leaves the storage when its row goes: removed by hand, or with its
record (an agenda item from the agenda page, a meeting from the admin), once the transaction
commits and only then. On local storage, where a left-over file would lie on the disk."""

import pytest
from django.db import transaction
from django.urls import reverse

from byrum.models import Attachment
from meetings.models import AgendaItem, Meeting
from tests.byrum.test_attachments import PDF, _upload
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def disk(settings, tmp_path):
    """The media storage on this machine's disk, in a folder of the test's own."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


@pytest.fixture
def meeting(people):
    return MeetingFactory(group=people.local_group, start=at(2), state=Meeting.State.PLANNED)


def _attach(client, record, key, name="bilag.pdf"):
    response = _upload(client, record, key, name, PDF)
    assert response.status_code == 302
    attachment = Attachment.objects.latest("pk")
    return attachment, attachment.file.path


def test_a_removed_file_leaves_the_disk_when_the_removal_commits(
    clients, disk, meeting, django_capture_on_commit_callbacks
):
    attachment, path = _attach(clients.consultant, meeting, "meetings.meeting")
    assert path.startswith(str(disk)) and open(path, "rb").read() == PDF
    with django_capture_on_commit_callbacks() as on_commit:
        response = clients.consultant.post(reverse("attachment_delete", args=[attachment.pk]))
        assert response.status_code == 302
        # The row is gone inside the transaction; the file waits for the commit.
        assert not Attachment.objects.exists()
        assert open(path, "rb").read() == PDF
    for callback in on_commit:
        callback()
    assert not disk.joinpath(attachment.file.name).exists()


def test_an_agenda_item_removed_from_the_agenda_takes_its_files(
    clients, disk, meeting, django_capture_on_commit_callbacks
):
    item = AgendaItemFactory(meeting=meeting, notes="")
    _, item_file = _attach(clients.consultant, item, "meetings.agendaitem", "bilag-1.pdf")
    _, meeting_file = _attach(clients.consultant, meeting, "meetings.meeting", "dagsorden.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = clients.consultant.post(reverse("meetings:agenda_item_delete", args=[item.pk]))
    assert response.status_code == 302 and not AgendaItem.objects.filter(pk=item.pk).exists()
    assert [a.name for a in Attachment.objects.all()] == ["dagsorden.pdf"]
    assert not disk.joinpath(item_file).exists()
    assert open(meeting_file, "rb").read() == PDF  # the meeting's own file stays


def test_a_meeting_deleted_in_the_admin_takes_its_and_its_items_files(
    clients, disk, meeting, django_capture_on_commit_callbacks
):
    item = AgendaItemFactory(meeting=meeting)
    files = [
        _attach(clients.consultant, meeting, "meetings.meeting")[1],
        _attach(clients.consultant, item, "meetings.agendaitem")[1],
    ]
    url = reverse("admin:meetings_meeting_delete", args=[meeting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = clients.admin.post(url, {"post": "yes"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
    assert not Attachment.objects.exists()
    assert [path for path in files if disk.joinpath(path).exists()] == []


def test_a_delete_that_is_rolled_back_keeps_the_file(
    clients, disk, meeting, django_capture_on_commit_callbacks
):
    item = AgendaItemFactory(meeting=meeting)
    attachment, path = _attach(clients.consultant, item, "meetings.agendaitem")
    with django_capture_on_commit_callbacks(execute=True) as on_commit:
        with pytest.raises(RuntimeError), transaction.atomic():
            item.delete()
            assert not Attachment.objects.exists()
            raise RuntimeError("something later in the same transaction failed")
    assert on_commit == []
    assert Attachment.objects.get() == attachment
    assert open(path, "rb").read() == PDF
    download = clients.local.get(attachment.get_absolute_url())
    assert b"".join(download.streaming_content) == PDF
