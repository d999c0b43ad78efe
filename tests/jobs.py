"""Jobs and mail in tests: a real SMTP server (aiosmtpd) in the test process that can refuse
the first attempts, and procrastinate workers run in-process until the queue is empty.

The workers use their own database connections, as real ones do: tests that run jobs use
``transactional_db`` so the jobs they defer are committed, exactly as in production.
"""

import logging
import re
import socket
import threading
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller
from django.db import connection
from procrastinate import periodic
from procrastinate.contrib.django import app

# A mail's Message-ID in its raw bytes (stable per mail: notifications.services.email).
MESSAGE_ID = re.compile(rb"^Message-ID: (<[^>]+>)", re.MULTILINE | re.IGNORECASE)


class SMTPSink:
    """Keeps every mail it accepts; answers ``451`` to the first ``refuse`` attempts."""

    def __init__(self, refuse=0):
        self.refuse = refuse
        self.attempts = 0
        self.raw = []
        self.lock = threading.Lock()

    @property
    def messages(self):
        return [message_from_bytes(raw, policy=policy.default) for raw in self.raw]

    def to(self, address):
        return [m for m in self.messages if address in m["To"]]


class _Handler:
    """aiosmtpd's handler: it inspects the handler's members on every connection, so the
    handler has nothing but the hook (the sink's ``messages`` would parse every mail)."""

    def __init__(self, sink):
        self.sink = sink

    async def handle_DATA(self, server, session, envelope):
        sink = self.sink
        with sink.lock:
            sink.attempts += 1
            if sink.attempts <= sink.refuse:
                return "451 4.3.0 Try again later"
            sink.raw.append(envelope.original_content)
        return "250 OK"


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_smtp(refuse=0):
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command
    sink = SMTPSink(refuse=refuse)
    controller = Controller(_Handler(sink), hostname="127.0.0.1", port=_free_port())
    controller.start()
    return controller, sink


def worker_app():
    """A worker app with the project's tasks and its own connection pool, without the
    periodic deferrer (a test decides when a periodic run happens)."""
    worker = app.with_connector(app.connector.get_worker_connector())
    worker.periodic_registry = periodic.PeriodicRegistry()
    return worker


def jobs_waiting():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM procrastinate_jobs WHERE status = 'todo'")
        return cursor.fetchone()[0]


def run_jobs(*, rounds=30, concurrency=1, queues=None):
    """Run workers until no job waits. Between rounds time "passes": the jobs a retry has
    scheduled for later are made due now. Returns the number of rounds it took."""
    for number in range(1, rounds + 1):
        worker_app().run_worker(
            wait=False,
            install_signal_handlers=False,
            listen_notify=False,
            concurrency=concurrency,
            queues=queues,
            delete_jobs="never",
        )
        if not jobs_waiting():
            return number
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE procrastinate_jobs SET scheduled_at = now() WHERE status = 'todo'"
            )
    raise AssertionError(f"jobs still waiting after {rounds} rounds")


def run_jobs_beside_a_loop(**options):
    """``run_jobs`` in a thread of its own, for a test whose thread runs an event loop
    (Playwright's), in which procrastinate's worker (asyncio.run) cannot start."""
    outcome = []

    def work():
        try:
            outcome.append(run_jobs(**options))
        except BaseException as error:  # handed to the test's thread below
            outcome.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def job_statuses(task_name):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT status, attempts FROM procrastinate_jobs WHERE task_name = %s ORDER BY id",
            [task_name],
        )
        return cursor.fetchall()


def clear_jobs():
    """procrastinate's tables are not Django's to flush: empty them around a job test (with
    DELETE: the app's role, which the tests use, may not TRUNCATE)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_events")
        cursor.execute("DELETE FROM procrastinate_periodic_defers")
        cursor.execute("DELETE FROM procrastinate_jobs")


def subject(mail):
    return str(mail["Subject"]).strip()
