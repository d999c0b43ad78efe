"""Mail that is never lost and never sent twice: a job per mail, deferred in the causing
transaction, retried while the SMTP server refuses, sent once however often it runs.

These tests commit (transactional_db) and run real procrastinate workers in-process against
a real SMTP server (aiosmtpd) in the test process."""

import datetime

import pytest
from django.db import connection, transaction
from django.utils import timezone

from actionplan import notices as action_notices
from notifications import services
from notifications.models import Notification, SentMail
from notifications.tasks import send_notification
from tests.actionplan.factories import OrganisationFactory, PersonFactory
from tests.jobs import job_statuses, jobs_waiting, run_jobs, subject, worker_app
from tests.meetings.factories import ActionItemFactory

pytestmark = pytest.mark.django_db(transaction=True)


def assign(person=None, organisation=None, **fields):
    """A new action item, told to its responsible party as the action-item form does."""
    with transaction.atomic():
        item = ActionItemFactory(
            responsible_person=person, responsible_organisation=organisation, **fields
        )
        action_notices.saved(item)
    return item


def test_an_assignment_is_mailed_by_a_job_after_the_commit(smtp):
    person = PersonFactory(name="Mette Holm", email="mette@example.dk")
    item = assign(person=person, organisation=None, title="Skift pærerne i Arkivhaven")

    assert smtp.messages == []  # nothing is sent by the change itself
    assert jobs_waiting() == 1
    run_jobs()

    [mail] = smtp.messages
    assert mail["To"] == "mette@example.dk"
    assert subject(mail) == "Ny opgave til dig: Skift pærerne i Arkivhaven"
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    link = f"https://byrum.example.dk/actions/{item.pk}/"
    assert link in text and f'href="{link}"' in html
    assert "Se det i Byrum" in text
    assert (
        str(mail["List-Unsubscribe"])
        .strip()
        .startswith("<https://byrum.example.dk/notifications/unsubscribe/")
    )
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert SentMail.objects.get().to == "mette@example.dk"


def test_an_organisation_is_told_at_its_contact_address(smtp):
    organisation = OrganisationFactory(name="Kirkens Korshær", email="kontakt@korshaer.dk")
    assign(organisation=organisation, title="Udvid åbningstiden")
    run_jobs()
    [mail] = smtp.messages
    assert mail["To"] == "kontakt@korshaer.dk"


def test_a_rolled_back_change_sends_nothing(smtp):
    person = PersonFactory(email="mette@example.dk")
    with pytest.raises(RuntimeError), transaction.atomic():
        item = ActionItemFactory(responsible_person=person, responsible_organisation=None)
        action_notices.saved(item)
        raise RuntimeError("the request failed after the item was saved")

    assert jobs_waiting() == 0
    assert Notification.objects.count() == 0
    run_jobs()
    assert smtp.attempts == 0


def test_the_job_retries_with_backoff_while_the_server_refuses(smtp):
    smtp.refuse = 2
    person = PersonFactory(email="mette@example.dk")
    assign(person=person, organisation=None)

    # One worker pass: the server refuses, the job is scheduled again a little later.
    worker_app().run_worker(wait=False, install_signal_handlers=False, listen_notify=False)
    assert smtp.messages == [] and smtp.attempts == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT scheduled_at FROM procrastinate_jobs WHERE status = 'todo'")
        [(retry_at,)] = cursor.fetchall()
    assert retry_at > timezone.now()

    run_jobs()
    assert smtp.attempts == 3
    assert len(smtp.messages) == 1
    assert job_statuses("notifications.send_notification") == [("succeeded", 3)]


def test_a_job_run_twice_sends_once(smtp):
    person = PersonFactory(email="mette@example.dk")
    assign(person=person, organisation=None)
    notification = Notification.objects.get()
    # The same notification queued again (a retry after a lost reply, an operator's retry).
    send_notification.defer(
        notification_id=notification.pk, municipality_id=notification.municipality_id
    )
    send_notification.defer(
        notification_id=notification.pk, municipality_id=notification.municipality_id
    )

    run_jobs(concurrency=3)
    assert services.mail_notification(notification.pk) is False  # and once more by hand

    assert len(smtp.messages) == 1
    assert SentMail.objects.count() == 1
    assert [s for s, _ in job_statuses("notifications.send_notification")] == ["succeeded"] * 3


def test_an_unsubscribed_kind_queued_before_is_not_sent(smtp):
    person = PersonFactory(email="mette@example.dk")
    assign(person=person, organisation=None)
    notification = Notification.objects.get()
    services.unsubscribe(recipient_ref=notification.recipient_ref, kind=notification.kind)
    run_jobs()
    assert smtp.messages == []


def test_the_daily_reminders_go_out_once_through_the_jobs(smtp):
    today = timezone.localdate()
    person = PersonFactory(email="mette@example.dk")
    services.preference_set(kind="action_overdue", delivery="immediately", person=person)
    services.preference_set(kind="action_due_soon", delivery="immediately", person=person)
    soon = ActionItemFactory(responsible_person=person, due=today + datetime.timedelta(days=3))
    late = ActionItemFactory(responsible_person=person, due=today - datetime.timedelta(days=1))
    ActionItemFactory(responsible_person=person, due=today + datetime.timedelta(days=10))

    action_notices.reminders()
    action_notices.reminders()  # the periodic run twice (a second worker, a restart)
    run_jobs()

    subjects = sorted(subject(m) for m in smtp.messages)
    assert subjects == [
        f"Forfalden siden {late.due:%d.%m.%Y}: {late.title}",
        f"Forfalder om tre dage: {soon.title}",
    ]
