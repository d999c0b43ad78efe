"""More than one machine: with S3_BUCKET set, the files on records (meetings, agenda items,
plans, initiatives) live in the S3-compatible object store (here moto's server), not on the
web server that took the upload; any web server hands them out, only through the checked
view, and a removed file leaves the store once the removal commits."""

import pytest
from django.urls import reverse

from byrum.models import Attachment
from meetings.models import Meeting
from tests.byrum.test_attachments import PDF, _docx, _upload
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(people):
    return MeetingFactory(group=people.local_group, start=at(2), state=Meeting.State.PLANNED)


def test_a_file_goes_to_the_object_store_and_comes_back_through_the_checked_view(
    s3_media, clients, meeting
):
    response = _upload(clients.consultant, meeting, "meetings.meeting", "bilag.pdf", PDF)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert s3_media.keys() == [attachment.file.name]
    assert not any(s3_media.disk.rglob("*"))

    download = clients.local.get(attachment.get_absolute_url())
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert clients.outsider.get(attachment.get_absolute_url()).status_code == 404
    # Private in the store; its address never reaches the page.
    acl = s3_media.client().get_object_acl(Bucket=s3_media.bucket, Key=attachment.file.name)
    assert all("AllUsers" not in str(grant["Grantee"]) for grant in acl["Grants"])
    page = clients.local.get(meeting.get_absolute_url()).content.decode()
    assert s3_media.endpoint not in page and "X-Amz-Signature" not in page


def test_an_office_document_is_cleaned_before_it_reaches_the_store(s3_media, clients, meeting):
    document = _docx()
    response = _upload(clients.consultant, meeting, "meetings.meeting", "referat.docx", document)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    stored = s3_media.client().get_object(Bucket=s3_media.bucket, Key=attachment.file.name)
    assert stored["Body"].read() == attachment.file.open("rb").read()
    assert attachment.size == stored["ContentLength"]


def test_removed_files_leave_the_object_store_when_the_removal_commits(
    s3_media, clients, meeting, django_capture_on_commit_callbacks
):
    item = AgendaItemFactory(meeting=meeting, notes="")
    _upload(clients.consultant, item, "meetings.agendaitem", "bilag-1.pdf", PDF)
    _upload(clients.consultant, meeting, "meetings.meeting", "dagsorden.pdf", PDF)
    kept = Attachment.objects.get(name="dagsorden.pdf")
    removed = Attachment.objects.get(name="bilag-1.pdf")
    assert sorted(s3_media.keys()) == sorted([kept.file.name, removed.file.name])

    with django_capture_on_commit_callbacks() as on_commit:
        response = clients.consultant.post(reverse("attachment_delete", args=[removed.pk]))
        assert response.status_code == 302
        # The row is gone inside the transaction; the object waits for the commit.
        assert len(s3_media.keys()) == 2
    for callback in on_commit:
        callback()
    assert s3_media.keys() == [kept.file.name]

    # A record removed with its files: an agenda item from the agenda page.
    _upload(clients.consultant, item, "meetings.agendaitem", "bilag-2.pdf", PDF)
    with django_capture_on_commit_callbacks(execute=True):
        response = clients.consultant.post(reverse("meetings:agenda_item_delete", args=[item.pk]))
    assert response.status_code == 302
    assert s3_media.keys() == [kept.file.name]
