"""The round before approval: sent for comments, commented per item, resolved, approved by the
chair, published by the secretary; each step dated, by whom, in history."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pghistory.models import Events

from meetings import approval
from meetings.mail import round_messages
from meetings.models import Meeting, MinutesComment, MinutesRound
from meetings.services import decision_create
from notifications.models import Notification
from notifications.services import mail_notification
from tests.budgets import REQUEST_OVERHEAD

from .factories import AgendaItemFactory, MeetingFactory, ParticipantFactory, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(people):
    """A held steering-group meeting (chair: the steering member; secretary: the consultant)
    with draft minutes; the local member is invited as a guest member."""
    meeting = MeetingFactory(
        group=people.steering_group, title="Styregruppemøde i marts", start=at(-1)
    )
    item = AgendaItemFactory(meeting=meeting, title="Toiletter", notes="Toilettet holdes åbent.")
    decision_create(agenda_item=item, text="Åbent til kl. 22.", user=people.users["consultant"])
    for key in ("steering", "local"):
        ParticipantFactory(meeting=meeting, person=people.persons[key])
    meeting.refresh_from_db()
    return meeting


def _send(clients, meeting, audience="participants", days=5):
    return clients.consultant.post(
        reverse("meetings:round_send", args=[meeting.pk]),
        {"audience": audience, "deadline": (timezone.localdate() + datetime.timedelta(days))},
    )


def _told_of_round():
    return Notification.objects.filter(kind="minutes_round").order_by("pk")


def test_the_round_from_draft_to_published(clients, people, draft, settings):
    item = draft.agenda_items.get()
    # 1. The secretary sends the draft to the participants: each is told, and the mail job
    # (tests/notifications/test_minutes_mail.py runs it) mails the link and the draft PDF.
    response = _send(clients, draft)
    assert response.status_code == 302
    minutes_round = MinutesRound.objects.get(meeting=draft)
    assert set(minutes_round.recipients.all()) == {
        people.persons["steering"],
        people.persons["local"],
    }
    assert {n.person for n in _told_of_round()} == set(minutes_round.recipients.all())
    assert mail.outbox == []  # mail goes out from jobs only
    mail_notification(_told_of_round().get(person=people.persons["local"]).pk)
    [message] = mail.outbox
    assert message.to == [people.persons["local"].email]
    assert f"{settings.SITE_URL}/meetings/{draft.pk}/review/" in message.body
    assert message.subject.startswith("Udkast til referat til kommentering")
    [(filename, content, mimetype)] = message.attachments
    assert filename.startswith("referat-udkast-") and content.startswith(b"%PDF")

    # 2. A recipient reads the draft and comments on the item; the caretaker may not.
    page = clients.local.get(reverse("meetings:review", args=[draft.pk]))
    assert "Toilettet holdes åbent." in page.text and "UDKAST – ikke godkendt" in page.text
    assert clients.caretaker.get(reverse("meetings:review", args=[draft.pk])).status_code == 404
    url = reverse("meetings:comment_add", args=[item.pk])
    assert clients.local.post(url, {"text": "Skriv at vagten låser."}).status_code == 302
    comment = MinutesComment.objects.get()
    assert (comment.author, comment.agenda_item) == (people.users["local"], item)

    # 3. The chair cannot approve while a comment is open; the secretary resolves it.
    response = clients.steering.post(reverse("meetings:approve", args=[draft.pk]), follow=True)
    assert "1 kommentar er endnu ikke afklaret." in response.text
    draft.refresh_from_db()
    assert draft.approved_at is None
    clients.consultant.post(
        reverse("meetings:comment_resolve", args=[comment.pk]), {"reply": "Rettet."}
    )
    comment.refresh_from_db()
    assert comment.resolved_by == people.users["consultant"] and comment.reply == "Rettet."

    # 4. The secretary may not approve (the mandate says the chair does); the chair approves.
    assert clients.consultant.post(reverse("meetings:approve", args=[draft.pk])).status_code == 403
    assert clients.steering.post(reverse("meetings:approve", args=[draft.pk])).status_code == 302
    draft.refresh_from_db()
    assert draft.approved_by == people.users["steering"]
    assert draft.state == Meeting.State.MINUTES_DRAFT  # approved, not yet published
    assert MinutesRound.objects.get().closed_at is not None
    # Approved minutes are final, even before they are published.
    autosave = clients.consultant.post(
        reverse("meetings:minutes_autosave", args=[item.pk]), {"notes": "Ændret", "version": "x"}
    )
    assert autosave.status_code == 409

    # 5. The secretary publishes: the participants are told (by the notification jobs).
    assert clients.consultant.post(reverse("meetings:publish", args=[draft.pk])).status_code == 302
    draft.refresh_from_db()
    assert draft.state == Meeting.State.MINUTES_APPROVED
    assert draft.published_by == people.users["consultant"]
    assert Notification.objects.filter(kind="minutes_published").count() == 2

    # Every step is in history, with its time.
    labels = {
        (e.pgh_model, e.pgh_label) for e in Events.objects.filter(pgh_model__startswith="meetings.")
    }
    assert {
        ("meetings.MinutesRoundEvent", "insert"),
        ("meetings.MinutesRoundEvent", "update"),  # closed on approval
        ("meetings.MinutesCommentEvent", "insert"),
        ("meetings.MinutesCommentEvent", "update"),  # resolved
    } <= labels
    diffs = [
        e.pgh_diff
        for e in Events.objects.filter(pgh_model="meetings.MeetingEvent", pgh_label="update")
    ]
    assert any("approved_at" in d for d in diffs) and any("published_at" in d for d in diffs)


def test_sending_only_to_the_chair(clients, people, draft):
    _send(clients, draft, audience="chair")
    assert [n.person for n in _told_of_round()] == [people.persons["steering"]]
    # The local member was not asked: no comment form for them.
    assert clients.local.get(reverse("meetings:review", args=[draft.pk])).status_code == 404


def test_the_round_messages_name_recipients_link_and_draft(people, draft):
    minutes_round = approval.minutes_round_send(
        meeting=draft,
        user=people.users["consultant"],
        audience="participants",
        deadline=at(3).date(),
        message="Se især punkt 1.",
    )
    messages = round_messages(minutes_round)
    assert {m.person.name for m in messages} == {"Steering Person", "Local Person"}
    assert {m.url for m in messages} == {f"/meetings/{draft.pk}/review/"}
    assert {m.attachment for m in messages} == {f"minutes:{draft.pk}"}
    assert all(m.body.startswith(f"Kære {m.person.name}\n") for m in messages)
    assert all("Se især punkt 1." in m.body for m in messages)
    # Told once per round and person: sending the same round's mail again tells no one.
    assert approval.mail.send_round_mail(minutes_round=minutes_round) == []
    assert _told_of_round().count() == 2


def test_a_mandate_lets_the_secretary_approve(clients, people, draft):
    people.steering_group.secretary_approves_minutes = True
    people.steering_group.save()
    assert clients.consultant.post(reverse("meetings:approve", args=[draft.pk])).status_code == 302
    draft.refresh_from_db()
    assert draft.approved_by == people.users["consultant"]


def test_publishing_unapproved_minutes_without_the_right_to_approve_is_refused(clients, draft):
    response = clients.consultant.post(reverse("meetings:publish", args=[draft.pk]), follow=True)
    assert "Formanden godkender først referatet" in response.text
    draft.refresh_from_db()
    assert draft.state != Meeting.State.MINUTES_APPROVED and mail.outbox == []


def test_comments_after_the_deadline_are_refused(clients, people, draft):
    minutes_round = approval.minutes_round_send(
        meeting=draft,
        user=people.users["consultant"],
        audience="participants",
        deadline=timezone.localdate(),
    )
    MinutesRound.objects.filter(pk=minutes_round.pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=1)
    )
    item = draft.agenda_items.get()
    response = clients.local.post(
        reverse("meetings:comment_add", args=[item.pk]), {"text": "For sent"}
    )
    assert response.status_code == 200
    assert "Fristen for kommentarer er overskredet." in response.text
    assert not MinutesComment.objects.exists()


@pytest.mark.parametrize(
    "data, message",
    [
        (
            {"audience": "participants", "deadline": "2001-01-01"},
            "Fristen kan ikke ligge i fortiden.",
        ),
        ({"audience": "participants", "deadline": "31-02-2026"}, "Indtast en gyldig dato."),
        ({"audience": "everyone", "deadline": ""}, "Marker en gyldig valgmulighed."),
        ({"audience": "participants", "deadline": "2999-01-01"}, "inden for de næste 90 dage"),
    ],
)
def test_bad_input_when_sending(clients, draft, data, message):
    response = clients.consultant.post(reverse("meetings:round_send", args=[draft.pk]), data)
    assert response.status_code == 200 and message in response.text
    assert not MinutesRound.objects.exists()


def test_a_round_needs_someone_to_send_to(clients, people):
    meeting = MeetingFactory(group=people.local_group, start=at(-1))  # no chair, no one invited
    for audience, message in [
        ("chair", "Gruppen har ingen formand"),
        ("participants", "Intet medlem er inviteret"),
    ]:
        response = _send(clients, meeting, audience=audience)
        assert response.status_code == 200 and message in response.text


@pytest.mark.parametrize("text", ["", "   ", "x" * 4001])
def test_bad_comments(clients, people, draft, text):
    approval.minutes_round_send(
        meeting=draft,
        user=people.users["consultant"],
        audience="participants",
        deadline=at(3).date(),
    )
    item = draft.agenda_items.get()
    response = clients.local.post(reverse("meetings:comment_add", args=[item.pk]), {"text": text})
    assert response.status_code == 200
    assert "Skriv din kommentar" in response.text or "4000 tegn" in response.text
    assert not MinutesComment.objects.exists()


def test_a_second_round_while_one_is_open_is_refused(clients, draft):
    _send(clients, draft)
    response = _send(clients, draft)
    assert "Referatet er allerede sendt til kommentering." in response.text
    assert MinutesRound.objects.count() == 1


@pytest.mark.parametrize("comments", [1, 8])
def test_the_review_page_runs_a_fixed_number_of_queries(
    clients, people, draft, comments, django_assert_max_num_queries
):
    minutes_round = approval.minutes_round_send(
        meeting=draft,
        user=people.users["consultant"],
        audience="participants",
        deadline=at(3).date(),
    )
    for n in range(comments):
        item = AgendaItemFactory(meeting=draft)
        MinutesComment.objects.create(
            round=minutes_round, agenda_item=item, text=f"K{n}", author=people.users["local"]
        )
    # meeting, minutes-visible check (person, reviewing round), items, decisions, their action
    # items' people and organisations, attachments, participants, comments, the open round,
    # may-comment, rounds and their recipients, the approval check (chair).
    with django_assert_max_num_queries(REQUEST_OVERHEAD + 18):
        response = clients.local.get(reverse("meetings:review", args=[draft.pk]))
    assert response.status_code == 200
    assert len([i for i in response.context["items"] if i.comment_list]) == comments
