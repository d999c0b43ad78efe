"""The mail scenarios: how many mails per second the job workers send when many people are
told at once (docs/performance.md, "Mail").

Not a page, so not the load client's business: the harness starts ``procrastinate worker``
processes (one per "connection" of ``--connections``, each taking one job at a time, as
``python manage.py procrastinate worker -q mail`` runs in production) under the bench
settings, with Django's SMTP backend pointed at an SMTP sink on 127.0.0.1 in this process
(aiosmtpd, which accepts every mail and keeps only its arrival time and Message-ID). Then,
per measurement:

1. a warm-up: one batch of mails per worker, so every worker has started, connected and
   rendered a mail before the clock runs;
2. the fan-out: the scenario queues ``mails`` notifications in one transaction (as the
   periodic reminder run or publishing minutes does) and the clock starts at its commit;
3. the clock stops when the last mail reaches the sink. Reported: mails per second, when
   the first, the median, the 95th and 99th percentile mail arrived (ms after the commit),
   how long the causing transaction took to queue them, the workers' peak memory, and as
   errors every mail lost or sent twice, and every failed job.
"""

import logging
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

from .client import percentile

MESSAGE_ID = re.compile(rb"^Message-ID:\s*(<[^>]+>)", re.MULTILINE | re.IGNORECASE)
# Mails per measurement, unless --max-requests asks for fewer.
MAILS = 2000


class Sink:
    """aiosmtpd's handler: every mail accepted; its arrival and Message-ID kept."""

    def __init__(self):
        self.lock = threading.Lock()
        self.arrivals = []  # (time.perf_counter(), message id)

    async def handle_DATA(self, server, session, envelope):
        found = MESSAGE_ID.search(envelope.original_content or b"")
        with self.lock:
            self.arrivals.append((time.perf_counter(), found.group(1) if found else b""))
        return "250 OK"

    def take(self):
        with self.lock:
            arrivals, self.arrivals = self.arrivals, []
        return arrivals

    def count(self):
        with self.lock:
            return len(self.arrivals)


class SMTPSink:
    """The sink on a free port of 127.0.0.1, stopped on leaving the ``with`` block."""

    def __enter__(self):
        from aiosmtpd.controller import Controller

        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command
        self.sink = Sink()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=port)
        self.controller.start()
        self.port = port
        return self

    def __exit__(self, *exc):
        self.controller.stop()


class Workers:
    """``count`` procrastinate workers on the mail queue, under the bench settings, sending
    to the sink; always stopped on leaving the ``with`` block (SIGTERM: each finishes its
    job; then the process group we started, by its id)."""

    def __init__(self, count, smtp_port, logdir):
        self.count, self.smtp_port, self.logdir = count, smtp_port, Path(logdir)
        self.procs = []

    def __enter__(self):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.bench",
            "BENCH_DATABASE_NAME": settings.DATABASES["default"]["NAME"],
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.smtp_port),
            "EMAIL_USE_TLS": "false",
        }
        self.log = self.logdir / f"workers-{self.smtp_port}.log"
        with self.log.open("ab") as out:
            for n in range(self.count):
                self.procs.append(
                    subprocess.Popen(
                        [
                            sys.executable,
                            "manage.py",
                            "procrastinate",
                            "worker",
                            "--queues",
                            "mail",
                            "--concurrency",
                            "1",
                            "--name",
                            f"bench-mail-{n + 1}",
                        ],
                        cwd=settings.BASE_DIR,
                        env=env,
                        start_new_session=True,
                        stdout=out,
                        stderr=out,
                    )
                )
        return self

    def check(self):
        for proc in self.procs:
            if proc.poll() is not None:
                raise RuntimeError(f"a mail worker exited ({proc.returncode}):\n{self.log_tail()}")

    def peak_mb(self):
        """Each worker's peak resident memory (VmHWM), in MB."""
        peaks = {}
        for proc in self.procs:
            try:
                status = Path(f"/proc/{proc.pid}/status").read_text()
            except OSError:
                continue
            found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
            if found:
                peaks[str(proc.pid)] = round(int(found.group(1)) / 1024, 1)
        return peaks

    def log_tail(self, lines=30):
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def __exit__(self, *exc):
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)  # the group we started, by its id
                proc.wait(timeout=5)


def _failed_jobs():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM procrastinate_jobs WHERE status = 'failed'")
        return cursor.fetchone()[0]


def _wait_for(sink, workers, count, timeout):
    deadline = time.monotonic() + timeout
    while sink.count() < count and time.monotonic() < deadline:
        workers.check()
        time.sleep(0.01)


def _timeout(mails):
    return 60 + mails / 5  # 5 mails a second would be very slow; then it is an error


def measure(scenario, city, sink, workers, mails):
    """One measurement of ``scenario`` with these workers: warm up, fan out ``mails``,
    wait for them. The result, as ``summarise`` makes it."""
    from notifications.services import BATCH

    failed_before = _failed_jobs()
    warmup = BATCH * workers.count
    scenario.tell(city, warmup)
    _wait_for(sink, workers, warmup, _timeout(warmup))
    time.sleep(0.2)  # a straggler of the warm-up would count as sent twice
    sink.take()

    started = time.perf_counter()
    queued = scenario.tell(city, mails)
    committed = time.perf_counter()
    _wait_for(sink, workers, queued, _timeout(queued))
    time.sleep(0.3)  # a mail sent twice would arrive about now
    arrivals = sink.take()
    return summarise(
        scenario.key,
        workers.count,
        queued=queued,
        queue_seconds=committed - started,
        committed=committed,
        arrivals=arrivals,
        failed_jobs=_failed_jobs() - failed_before,
        peak_mb_by_worker=workers.peak_mb(),
    )


def summarise(
    key, workers, *, queued, queue_seconds, committed, arrivals, failed_jobs, peak_mb_by_worker
):
    """The figures of one measurement. ``arrivals``: (perf_counter time, Message-ID) of
    every mail the sink accepted after the commit at ``committed``."""
    after = sorted((moment - committed) * 1000 for moment, _id in arrivals)
    ids = [message_id for _moment, message_id in arrivals]
    unique = len(set(ids))
    twice = len(ids) - unique
    lost = max(0, queued - unique)
    seconds = after[-1] / 1000 if after else None
    return {
        "id": key,
        "workers": workers,
        "mails": queued,
        "received": len(ids),
        "lost": lost,
        "sent_twice": twice,
        "failed_jobs": failed_jobs,
        "errors": lost + twice + failed_jobs,
        "queue_ms": round(queue_seconds * 1000, 1),
        "seconds": round(seconds, 3) if seconds else None,
        "mails_per_s": round(unique / seconds, 1) if seconds else 0.0,
        "first_ms": _r(percentile(after, 0.0)),
        "p50_ms": _r(percentile(after, 0.50)),
        "p95_ms": _r(percentile(after, 0.95)),
        "p99_ms": _r(percentile(after, 0.99)),
        "peak_mb_by_worker": peak_mb_by_worker,
        "peak_mb_per_worker": max(peak_mb_by_worker.values(), default=None),
    }


def _r(value):
    return None if value is None else round(value, 1)


def run(city, scenarios, worker_counts, mails, workdir, log):
    """Every mail scenario at every worker count; the results."""
    results = []
    with SMTPSink() as smtp:
        for scenario in scenarios:
            for count in worker_counts:
                with Workers(count, smtp.port, workdir) as workers:
                    result = measure(scenario, city, smtp.sink, workers, mails)
                result["title"] = scenario.title
                result["note"] = scenario.note
                results.append(result)
                log(
                    f"  {scenario.key} with {count} worker(s): {result['mails_per_s']} mails/s, "
                    f"{result['errors']} errors"
                )
    return results


def table_rows(results):
    """The mail table's heading and rows (the runner draws it beside the pages' table)."""
    head = ["scenario", "workers", "mails", "mails/s", "queue ms", "first ms", "p50 ms"]
    head += ["p95 ms", "p99 ms", "peak MB", "errors"]
    keys = ["mails_per_s", "queue_ms", "first_ms", "p50_ms", "p95_ms", "p99_ms"]
    rows = [
        [r["id"], str(r["workers"]), str(r["mails"])]
        + [_fmt(r[k]) for k in [*keys, "peak_mb_per_worker"]]
        + [str(r["errors"])]
        for r in results
    ]
    return head, rows


def _fmt(value):
    return "-" if value is None else f"{value:g}" if isinstance(value, float) else str(value)
