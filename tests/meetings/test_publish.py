"""Approving the minutes publishes them and tells every participant with an address (the
mail itself is a job: tests/notifications)."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from actionplan.models import ActionItem
from meetings.models import Meeting
from meetings.services import decision_create, decision_create_action_item
from notifications import services
from notifications.models import Notification

from .factories import MeetingFactory, ParticipantFactory, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def minutes_ready(people, local_meeting):
    # The local group's mandate lets the secretariat approve: approving and publishing is one
    # step here (tests/meetings/test_review.py has the chair's round).
    people.local_group.secretary_approves_minutes = True
    people.local_group.save()
    item = local_meeting.agenda_items.get(title="Belysning ved Arkivhaven")
    item.notes = "Lampen ved stien er gået."
    item.save()
    decision = decision_create(
        agenda_item=item,
        text="Belysningen udskiftes inden sommer.",
        user=people.users["consultant"],
    )
    decision_create_action_item(
        decision=decision,
        title="Bestil ny lampe",
        responsible_person=people.persons["caretaker"],
        due=at(30).date(),
        user=people.users["consultant"],
    )
    ParticipantFactory(
        meeting=local_meeting,
        person=None,
        name="Jette Gæst",
        organisation="Midtbyens Samråd",
        email="jette@example.org",
    )
    ParticipantFactory(meeting=local_meeting, person=None, name="Uden adresse")
    local_meeting.participants.filter(person=people.persons["local"]).update(attendance="present")
    return local_meeting


def test_publishing_tells_each_participant_with_an_address(clients, people, minutes_ready):
    url = reverse("meetings:publish", args=[minutes_ready.pk])
    page = clients.consultant.get(url)
    assert "3 modtagere" in page.text and "Uden adresse" in page.text
    response = clients.consultant.post(url)
    assert response.status_code == 302
    told = Notification.objects.filter(kind="minutes_published")
    assert sorted(n.address for n in told) == sorted(
        [
            people.persons["local"].email,
            people.persons["caretaker"].email,
            "jette@example.org",
        ]
    )
    assert mail.outbox == []  # mail goes out from jobs only (tests/notifications)
    services.mail_notification(told.get(email="jette@example.org").pk)
    [message] = mail.outbox
    assert message.to == ["jette@example.org"]
    assert message.subject.startswith("Referat: Møde i lokalgruppen")
    assert "Belysningen udskiftes inden sommer." in message.body
    assert "Bestil ny lampe" in message.body
    assert "ansvarlig: Caretaker Person" in message.body
    assert "Til stede: Local Person" in message.body
    assert f"{settings.SITE_URL}/meetings/{minutes_ready.pk}/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Bestil ny lampe" in html
    # The approved minutes as PDF (tests/notifications/test_minutes_mail.py reads it).
    [(filename, content, mimetype)] = message.attachments
    day = timezone.localtime(minutes_ready.start)
    assert filename == f"referat-{minutes_ready.pk}-{day:%Y-%m-%d}.pdf"
    assert mimetype == "application/pdf" and content.startswith(b"%PDF-")
    minutes_ready.refresh_from_db()
    assert minutes_ready.state == Meeting.State.MINUTES_APPROVED
    assert minutes_ready.approved_by == people.users["consultant"]
    assert minutes_ready.published_by == people.users["consultant"]


def test_published_minutes_are_visible_to_members_and_locked(clients, minutes_ready):
    clients.consultant.post(reverse("meetings:publish", args=[minutes_ready.pk]))
    assert "Lampen ved stien er gået." in clients.local.get(minutes_ready.get_absolute_url()).text
    second = clients.consultant.post(reverse("meetings:publish", args=[minutes_ready.pk]))
    assert second.status_code == 302
    # nothing told twice
    assert Notification.objects.filter(kind="minutes_published").count() == 3


def test_the_responsible_member_sees_the_action_item(clients, minutes_ready):
    item = ActionItem.objects.get(title="Bestil ny lampe")
    response = clients.caretaker.get(item.get_absolute_url())
    assert response.status_code == 200


def test_minutes_of_a_meeting_not_yet_held_cannot_be_approved(clients, people):
    people.local_group.secretary_approves_minutes = True
    people.local_group.save()
    meeting = MeetingFactory(group=people.local_group, start=at(3))
    ParticipantFactory(meeting=meeting, person=people.persons["local"])
    response = clients.consultant.post(reverse("meetings:publish", args=[meeting.pk]), follow=True)
    assert "kan ikke godkendes, før mødet er holdt" in response.text
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.PLANNED
    assert mail.outbox == []


def test_members_cannot_publish(clients, minutes_ready):
    assert (
        clients.local.post(reverse("meetings:publish", args=[minutes_ready.pk])).status_code == 403
    )
    assert mail.outbox == []


def test_printable_minutes_show_attendance_and_decisions(clients, minutes_ready):
    response = clients.consultant.get(reverse("meetings:print", args=[minutes_ready.pk]))
    assert "UDKAST – ikke godkendt" in response.text
    assert "Belysningen udskiftes inden sommer." in response.text
    assert "css/print-minutes.css" in response.text
