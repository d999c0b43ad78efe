"""One periodic run that queues 10,000 reminders is sent by two workers, with no mail lost
and none sent twice (issue 14). Slow-ish (about half a minute) but part of every run."""

import collections
import datetime
import os
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone
from procrastinate.contrib.django.db_cleanup import close_db_connections

from actionplan.models import ActionItem
from actionplan.tasks import reminders
from notifications import services
from notifications.models import Notification, Preference, SentMail
from tests.actionplan.factories import PersonFactory
from tests.jobs import MESSAGE_ID, jobs_waiting, run_jobs, worker_app

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

REMINDERS = int(os.environ.get("SCALE_REMINDERS", 10_000))


def test_ten_thousand_reminders_by_two_workers_none_lost_none_twice(smtp):
    people = [PersonFactory(email=f"person{n}@example.dk") for n in range(100)]
    Preference.objects.bulk_create(
        [Preference(person=p, kind="action_due_soon", delivery="immediately") for p in people]
    )
    due = timezone.localdate() + datetime.timedelta(days=3)
    ActionItem.objects.bulk_create(
        [
            ActionItem(title=f"Opgave {n}", responsible_person=people[n % 100], due=due)
            for n in range(REMINDERS)
        ]
    )

    # The periodic run, as the periodic deferrer queues it, by one worker.
    reminders.defer(timestamp=int(timezone.now().timestamp()))
    worker_app().run_worker(
        wait=False, install_signal_handlers=False, listen_notify=False, queues=["default"]
    )
    assert Notification.objects.count() == REMINDERS
    assert jobs_waiting() == REMINDERS / services.BATCH

    # Two workers, each with its own connections, take the mail jobs side by side. Their
    # database connections persist across jobs (CONN_MAX_AGE), as in production.
    errors = []
    done_by = collections.Counter()

    def record_worker(call_next, context, worker):
        done_by[worker.worker_name] += 1
        return call_next()

    def work(name):
        try:
            worker_app().run_worker(
                name=name,
                wait=False,
                install_signal_handlers=False,
                listen_notify=False,
                concurrency=4,
                delete_jobs="never",
                task_middleware=[close_db_connections, record_worker],
            )
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    connections.settings["default"]["CONN_MAX_AGE"] = 60
    workers = [threading.Thread(target=work, args=(f"worker-{n}",)) for n in (1, 2)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    connections.settings["default"]["CONN_MAX_AGE"] = 0
    assert errors == []
    run_jobs()  # anything the two left (none expected)

    ids = [MESSAGE_ID.search(raw).group(1) for raw in smtp.raw]
    assert len(ids) == REMINDERS, "lost or duplicated mails"
    assert len(set(ids)) == REMINDERS, "a reminder was sent twice"
    assert SentMail.objects.count() == REMINDERS
    assert set(done_by) == {"worker-1", "worker-2"}
    assert sum(done_by.values()) == REMINDERS / services.BATCH
