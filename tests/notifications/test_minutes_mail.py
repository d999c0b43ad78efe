"""The minutes mails by job, with the minutes as PDF: the comment round's draft (marked as a
draft on every page) and the published minutes. Against a real SMTP server, with the jobs
committed and run by real procrastinate workers (tests/jobs.py)."""

import io

import pytest
from django.db import transaction
from django.urls import reverse
from pypdf import PdfReader

from byrum import tenancy
from meetings import approval
from meetings.documents import minutes_attachment
from meetings.services import decision_create
from notifications import attachments, services
from notifications.models import Notification, SentMail
from notifications.tasks import send_notifications
from tests.jobs import job_statuses, jobs_waiting, run_jobs, subject
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, ParticipantFactory, at

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def draft(people):
    """A held steering-group meeting with draft minutes; the chair (steering) and a local
    member took part."""
    meeting = MeetingFactory(
        group=people.steering_group, title="Styregruppemøde om Kildeparken", start=at(-1)
    )
    item = AgendaItemFactory(meeting=meeting, title="Toiletter", notes="Toilettet holdes åbent.")
    decision_create(agenda_item=item, text="Åbent til kl. 22.", user=people.users["consultant"])
    for key in ("steering", "local"):
        ParticipantFactory(meeting=meeting, person=people.persons[key], attendance="present")
    meeting.refresh_from_db()
    return meeting


def send_round(people, meeting):
    return approval.minutes_round_send(
        meeting=meeting,
        user=people.users["consultant"],
        audience="participants",
        deadline=at(3).date(),
    )


def the_pdf(mail):
    [part] = [p for p in mail.iter_attachments() if p.get_content_type() == "application/pdf"]
    content = part.get_content()
    assert content.startswith(b"%PDF-")
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
    # (pypdf may split a word where the PDF kerns it: compare without spaces.)
    return part.get_filename(), ["".join(text.split()) for text in pages]


def test_the_rounds_mail_carries_the_draft_pdf_and_the_link(clients, people, draft, smtp):
    response = clients.consultant.post(
        reverse("meetings:round_send", args=[draft.pk]),
        {"audience": "participants", "deadline": at(3).date()},
    )
    assert response.status_code == 302
    assert smtp.attempts == 0  # the page returned before any mail (or PDF) was made
    run_jobs()

    assert sorted(m["To"] for m in smtp.messages) == sorted(
        [people.persons["steering"].email, people.persons["local"].email]
    )
    [mail] = smtp.to(people.persons["local"].email)
    assert subject(mail) == "Udkast til referat til kommentering: Styregruppemøde om Kildeparken"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    link = f"https://byrum.example.dk/meetings/{draft.pk}/review/"
    assert link in text and f'href="{link}"' in html
    assert "Kære Local Person" in text and "Referatudkastet er vedhæftet som PDF." in text
    filename, pages = the_pdf(mail)
    assert filename.startswith(f"referat-udkast-{draft.pk}-")
    assert "StyregruppemødeomKildeparken" in pages[0]
    assert "Toilettetholdesåbent." in "".join(pages)
    assert all("UDKAST–ikkegodkendt" in page for page in pages)  # the draft mark, every page


def test_a_rolled_back_round_sends_nothing(people, draft, smtp):
    with pytest.raises(RuntimeError), transaction.atomic():
        send_round(people, draft)
        raise RuntimeError("the request failed after the round was saved")
    assert jobs_waiting() == 0
    assert not Notification.objects.exists()
    run_jobs()
    assert smtp.attempts == 0


def test_a_round_job_run_twice_sends_each_mail_once(people, draft, smtp):
    send_round(people, draft)
    ids = list(Notification.objects.filter(kind="minutes_round").values_list("pk", flat=True))
    assert len(ids) == 2
    # The same batch queued again (a retry after a lost reply, an operator's retry).
    send_notifications.defer(notification_ids=ids, municipality_id=tenancy.current())

    run_jobs(concurrency=2)
    assert services.mail_notification(ids[0]) is False  # and once more by hand

    assert sorted(m["To"] for m in smtp.messages) == sorted(
        [people.persons["steering"].email, people.persons["local"].email]
    )
    assert SentMail.objects.count() == 2
    assert [s for s, _ in job_statuses("notifications.send_notifications")] == ["succeeded"] * 2


def test_the_round_mail_retries_with_backoff_while_the_server_refuses(people, draft, smtp):
    smtp.refuse = 3
    send_round(people, draft)
    run_jobs()
    # Both refused at the first attempt; one at the second, which sent the other; the third
    # sent only what was still unsent.
    assert smtp.attempts == 5
    assert sorted(m["To"] for m in smtp.messages) == sorted(
        [people.persons["steering"].email, people.persons["local"].email]
    )
    assert job_statuses("notifications.send_notifications") == [("succeeded", 3)]


def test_published_minutes_carry_the_approved_pdf_made_once_for_all(
    clients, people, draft, smtp, monkeypatch
):
    made = []

    def counting(meeting_id):
        made.append(meeting_id)
        return minutes_attachment(meeting_id)

    monkeypatch.setitem(attachments._makers, "minutes", counting)
    for key in ("steering", "local"):  # they want the minutes at once, not in the digest
        services.preference_set(
            kind="minutes_published", delivery="immediately", person=people.persons[key]
        )
    people.steering_group.secretary_approves_minutes = True
    people.steering_group.save()
    response = clients.consultant.post(reverse("meetings:publish", args=[draft.pk]))
    assert response.status_code == 302
    run_jobs()

    assert len(smtp.messages) == 2
    assert made == [str(draft.pk)]  # one PDF for the batch's two mails
    for mail in smtp.messages:
        assert subject(mail).startswith("Referat: Styregruppemøde om Kildeparken")
        filename, pages = the_pdf(mail)
        assert filename.startswith(f"referat-{draft.pk}-")
        assert "StyregruppemødeomKildeparken" in pages[0]
        assert not any("UDKAST" in page for page in pages)


def test_the_weekly_digest_carries_the_minutes_pdf(clients, people, draft, smtp):
    people.steering_group.secretary_approves_minutes = True
    people.steering_group.save()
    clients.consultant.post(reverse("meetings:publish", args=[draft.pk]))
    run_jobs()
    assert smtp.messages == []  # published minutes wait for the weekly digest by default

    assert services.gather_digests("weekly") == 2
    run_jobs()
    [mail] = smtp.to(people.persons["local"].email)
    assert subject(mail) == "Byrum: din ugentlige oversigt"
    filename, pages = the_pdf(mail)
    assert filename.startswith(f"referat-{draft.pk}-")


def test_a_meeting_gone_before_the_job_ran_is_mailed_without_the_pdf(people, draft, smtp):
    send_round(people, draft)
    Notification.objects.filter(kind="minutes_round").update(attachment="minutes:0")
    run_jobs()
    assert len(smtp.messages) == 2
    assert not [p for m in smtp.messages for p in m.iter_attachments()]


def test_a_file_no_app_makes_is_an_error_not_a_silent_omission():
    with pytest.raises(LookupError):
        attachments.make("nothing:1")
