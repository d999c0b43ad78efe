"""Meetings tell their participants: an invitation with a calendar file, an update with the
same UID and a higher SEQUENCE, a cancellation (METHOD:CANCEL) with the reason; published
minutes; a safety walk's follow-up meeting to the group's secretary."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from meetings import notices
from meetings.models import Meeting
from notifications import services
from notifications.models import Notification
from tests.actionplan.factories import MembershipFactory, PersonFactory
from tests.jobs import run_jobs, subject
from tests.meetings.factories import MeetingFactory, at

pytestmark = pytest.mark.django_db(transaction=True)


def calendar_of(mail):
    [part] = [p for p in mail.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert part.get_filename() == "invitation.ics"
    calendar = Calendar.from_ical(part.get_content())
    [event] = calendar.walk("VEVENT")
    return calendar, event, part


@pytest.fixture
def meeting(people):
    people.persons["local"].email = "lokal@example.dk"
    people.persons["local"].save()
    return MeetingFactory(
        group=people.local_group,
        title="Møde i lokalgruppen",
        start=at(7),
        location="Rådhuset",
    )


def test_invitation_update_and_cancellation_reach_the_calendar(clients, people, meeting, smtp):
    consultant = clients.consultant
    consultant.post(reverse("meetings:participants_invite", args=[meeting.pk]))
    run_jobs()
    invitation = smtp.to("lokal@example.dk")[0]
    assert subject(invitation).startswith("Invitation: Møde i lokalgruppen")
    calendar, event, part = calendar_of(invitation)
    assert part.get_param("method") == "REQUEST" and calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == f"meeting-{meeting.pk}@byrum"
    assert event["SEQUENCE"] == 0 and str(event["STATUS"]) == "CONFIRMED"

    # Moving the meeting: an update to every participant.
    new_start = timezone.localtime(at(8, hour=10))
    response = consultant.post(
        reverse("meetings:edit", args=[meeting.pk]),
        {
            "group": meeting.group_id,
            "title": meeting.title,
            "kind": meeting.kind,
            "start": new_start.strftime("%Y-%m-%d %H:%M"),
            "end": (new_start + datetime.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
            "location": "Rådhuset",
            "description": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    run_jobs()
    update = smtp.to("lokal@example.dk")[1]
    assert subject(update).startswith("Ændret: Møde i lokalgruppen")
    _calendar, event, _part = calendar_of(update)
    assert str(event["UID"]) == f"meeting-{meeting.pk}@byrum" and event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == new_start

    response = consultant.post(
        reverse("meetings:cancel", args=[meeting.pk]), {"reason": "For få kan komme."}
    )
    assert response.status_code == 302
    run_jobs()
    cancel = smtp.to("lokal@example.dk")[2]
    calendar, event, part = calendar_of(cancel)
    assert part.get_param("method") == "CANCEL" and calendar["METHOD"] == "CANCEL"
    assert event["SEQUENCE"] == 2 and str(event["STATUS"]) == "CANCELLED"
    assert "For få kan komme." in cancel.get_body(("plain",)).get_content()

    # The cancelled meeting says so on its page and in the calendar feed.
    page = clients.local.get(meeting.get_absolute_url()).content.decode()
    assert "Mødet er aflyst." in page and "For få kan komme." in page
    feed = clients.local.get(reverse("meetings:meeting_ics", args=[meeting.pk]))
    [event] = Calendar.from_ical(feed.content).walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"
    assert len(smtp.to("lokal@example.dk")) == 3


def test_agenda_edits_are_one_update_later(clients, people, meeting, smtp):
    services.preference_set(
        kind="meeting_invitation", delivery="off", person=people.persons["local"]
    )
    clients.consultant.post(reverse("meetings:participants_invite", args=[meeting.pk]))
    for title in ("Velkomst", "Belysning", "Eventuelt"):
        clients.consultant.post(reverse("meetings:agenda", args=[meeting.pk]), {"title": title})
    run_jobs()  # the quiet period "passes" between rounds
    [update] = smtp.to("lokal@example.dk")
    assert subject(update).startswith("Ændret: Møde i lokalgruppen")
    assert "Dagsordenen er ændret." in update.get_body(("plain",)).get_content()


def test_a_guest_is_invited_at_their_address(clients, meeting, smtp):
    clients.consultant.post(
        reverse("meetings:participant_add_guest", args=[meeting.pk]),
        {
            "name": "Hanne Beboer",
            "organisation": "Beboerrådet",
            "email": "hanne@example.dk",
        },
    )
    run_jobs()
    [mail] = smtp.to("hanne@example.dk")
    assert subject(mail).startswith("Invitation:")


def test_published_minutes_are_mailed_to_whoever_wants_them_at_once(clients, people, smtp):
    meeting = MeetingFactory(
        group=people.local_group, title="Mødet", start=at(-1), state=Meeting.State.HELD
    )
    # The chair has approved the minutes after the comment round; the secretariat publishes.
    Meeting.objects.filter(pk=meeting.pk).update(approved_at=at(-1))
    local = people.persons["local"]
    local.email = "lokal@example.dk"
    local.save()
    services.preference_set(kind="minutes_published", delivery="immediately", person=local)
    meeting.participants.create(person=local)
    meeting.participants.create(person=people.persons["caretaker"])  # the weekly digest

    response = clients.consultant.post(reverse("meetings:publish", args=[meeting.pk]))
    assert response.status_code == 302
    run_jobs()
    [mail] = smtp.messages
    assert mail["To"] == "lokal@example.dk" and subject(mail).startswith("Referat: Mødet")
    assert "Referat af Mødet" in mail.get_body(("html",)).get_content()
    waiting = Notification.objects.get(person=people.persons["caretaker"])
    assert waiting.delivery == "weekly" and waiting.digest is None


def test_the_follow_up_meeting_is_told_to_the_secretary_once(people, smtp):
    secretary = PersonFactory(email="sekretaer@example.dk")
    MembershipFactory(person=secretary, group=people.local_group, role="secretary")
    services.preference_set(kind="follow_up_due", delivery="immediately", person=secretary)
    soon = MeetingFactory(
        group=people.local_group, kind=Meeting.Kind.WALK_FOLLOW_UP, start=at(10), title="Opfølgning"
    )
    MeetingFactory(group=people.local_group, kind=Meeting.Kind.WALK_FOLLOW_UP, start=at(40))

    notices.follow_ups_due()
    notices.follow_ups_due()
    run_jobs()
    [mail] = smtp.messages
    assert mail["To"] == "sekretaer@example.dk"
    assert subject(mail).startswith("Opfølgningsmøde snart: Opfølgning")
    assert soon.get_absolute_url() in mail.get_body(("plain",)).get_content()
