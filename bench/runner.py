"""The harness: generate a city, serve it with gunicorn, drive it, report.

Runs under config.settings.bench (``manage.py bench`` makes sure of that). For each scale
factor: drop and recreate the bench database, migrate it, run the generators
(``generate.GENERATORS``), create a logged-in session per role, start gunicorn (2 sync
workers, DEBUG off, persistent connections) on a free port of 127.0.0.1, run the load
generator (``bench.client``, a second process) for every scenario at every connection
count, stop gunicorn, and compute the derived figures (R, targets, scale flatness). Then the
mail scenarios (``bench.mail``): job workers sending to an SMTP sink, at each count of
``--connections`` workers; then the spreadsheet import's rows per second
(``bench.sheet_import``).
"""

import dataclasses
import datetime
import http.client
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import time
from importlib import import_module
from pathlib import Path
from urllib.parse import urlencode

import django
from django.apps import apps
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.core.management import call_command
from django.db import connection, connections

from byrum import db_roles
from governance import tenants

from . import database, generate, mail, profile, sheet_import
from .scenarios import select, select_mail

# The CSRF secret every benchmark request carries in its cookie and X-CSRFToken header
# (32 letters and digits: Django accepts the unmasked secret as the token).
CSRF_SECRET = "BenchCsrfToken0123456789abcdefgh"
PEAK_MB_TARGET = 100
FLATNESS_TARGET = 1.15
R_TARGET = 3
GENERATION_TARGET_S = 60


@dataclasses.dataclass
class Options:
    scale: float = 1.0
    sf5: bool = False  # a second run at 5 x scale, for scale flatness
    connections: tuple = (1, 4)
    duration: float = 10.0
    warmup: float = 2.0
    max_requests: int = 100_000
    workers: int = 2
    scenarios: tuple = ()  # keys; empty: all
    json_path: Path | None = None
    drop: bool = False  # drop the bench database at the end (default: keep it to inspect)
    py_spy: Path | None = None  # sample the workers with py-spy into this folder
    reuse: bool = False  # keep data generated earlier today for the same scale and code
    rls_cost: bool = False  # also run every scenario with row-level security bypassed
    import_rows: int = 10_000  # a members sheet of this many rows checked and imported; 0: none


def log(message):
    print(message, flush=True)


# --- logging in -----------------------------------------------------------------------------


def login_session(user):
    """A logged-in session for ``user``, created in the session store directly (no login
    form, so neither 2FA nor lockout gets in the way), in the user's municipality as a
    login puts it there (governance.tenants). With django-otp installed the session is
    also marked verified against a confirmed device of the user, as after a real second
    factor."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    backends = settings.AUTHENTICATION_BACKENDS
    model_backend = "django.contrib.auth.backends.ModelBackend"
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = model_backend if model_backend in backends else backends[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[tenants.SESSION_KEY] = tenants.municipality_of(user)
    if apps.is_installed("django_otp"):
        store["otp_device_id"] = _otp_device(user).persistent_id
    store.create()
    return store.session_key


def _otp_device(user):
    """A confirmed OTP device for the benchmark user (static or TOTP, whichever plugin is
    installed), so django_otp's middleware sees a verified session."""
    if apps.is_installed("django_otp.plugins.otp_static"):
        from django_otp.plugins.otp_static.models import StaticDevice as Device
    else:
        from django_otp.plugins.otp_totp.models import TOTPDevice as Device
    device, _created = Device.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    return device


def sessions_for(city, roles):
    from .scenarios import ROLE_USERS

    User = get_user_model()
    return {role: login_session(User.objects.get(pk=ROLE_USERS[role](city))) for role in roles}


# --- gunicorn -------------------------------------------------------------------------------


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """gunicorn serving config.wsgi under the bench settings on 127.0.0.1; always stopped
    on leaving the ``with`` block (its own process group: the master and its workers)."""

    def __init__(self, workers, logdir, *, as_owner=False):
        self.workers, self.logdir = workers, Path(logdir)
        self.as_owner = as_owner
        self.port = free_port()
        self.proc = None

    def __enter__(self):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.bench",
            "BENCH_DATABASE_NAME": settings.DATABASES["default"]["NAME"],
            # The owner bypasses row-level security: the same pages without the policies.
            "BENCH_AS_OWNER": "1" if self.as_owner else "",
        }
        self.errlog = self.logdir / f"gunicorn-{self.port}.log"
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--workers",
                str(self.workers),
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "60",
                "--log-level",
                "warning",
                "--error-logfile",
                str(self.errlog),
            ],
            cwd=settings.BASE_DIR,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.proc.returncode}):\n{self.log_tail()}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    conn.close()
                    return
                conn.close()
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer /healthz in {timeout} s:\n{self.log_tail()}")

    def log_tail(self, lines=30):
        try:
            return "\n".join(self.errlog.read_text().splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()  # the master stops its workers gracefully
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)  # the group we started, by its id
            self.proc.wait(timeout=5)

    def __exit__(self, *exc):
        self.stop()


# --- one run at one scale factor ------------------------------------------------------------


def build_jobs(city, scenarios, sessions, options):
    jobs = []
    for scenario in scenarios:
        headers = {
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={sessions[scenario.role]}; "
            f"{settings.CSRF_COOKIE_NAME}={CSRF_SECRET}",
            "Accept-Language": "da",
            **scenario.headers,
        }
        body = None
        if scenario.method == "POST":
            fields = dict(scenario.body(city)) if scenario.body else {}
            fields["csrfmiddlewaretoken"] = CSRF_SECRET
            body = urlencode(fields, doseq=True, safe="{}")
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = CSRF_SECRET
        for conns in options.connections:
            jobs.append(
                {
                    "id": scenario.key,
                    "method": scenario.method,
                    "path": scenario.path(city),
                    "headers": headers,
                    "body": body,
                    "connections": conns,
                    "warmup": options.warmup,
                    "duration": options.duration,
                    "max_requests": options.max_requests,
                    "expect": scenario.expect,
                    "contains": scenario.contains,
                }
            )
    return jobs


def run_client(port, jobs, workdir):
    """Run the load generator (a separate process) on ``jobs``; its results, in order."""
    spec = Path(workdir) / f"spec-{port}.json"
    out = Path(workdir) / f"result-{port}.json"
    spec.write_text(json.dumps({"host": "127.0.0.1", "port": port, "jobs": jobs}))
    budget = sum(j["warmup"] + j["duration"] for j in jobs) + 60 + 10 * len(jobs)
    subprocess.run(
        [sys.executable, "-m", "bench.client", str(spec), str(out)],
        cwd=settings.BASE_DIR,
        check=True,
        timeout=budget,
    )
    return json.loads(out.read_text())


def prepare(city, reuse):
    """Migrate the bench database and fill it with ``city``, or with ``reuse`` keep the data
    it already holds when it was generated for the same plan (scale, day, generator code)."""
    if reuse and database.exists():
        t0 = time.perf_counter()
        database.migrate()  # a no-op unless a migration arrived since
        stored_plan, generation = generate.stored(connection)
        if stored_plan == generate.plan(city):
            log(f"  reusing the data generated earlier today ({time.perf_counter() - t0:.1f} s)")
            return {**generation, "reused": True}
    t0 = time.perf_counter()
    database.recreate()
    database.migrate()
    migrate_s = round(time.perf_counter() - t0, 2)
    log(f"  migrated ({migrate_s} s)")
    with db_roles.as_owner():  # the generator loads as the owner; the pages run as the app
        generation = generate.generate(connection, city, log=lambda m: log(m))
    log(
        f"  generated in {generation['total_seconds']} s "
        f"(target at scale factor 1: < {GENERATION_TARGET_S} s)"
    )
    return {**generation, "migrate_seconds": migrate_s, "reused": False}


def run_at(scale, scenarios, options, workdir, mail_scenarios=()):
    city = generate.City(scale=scale)
    log(f"\n== Scale factor {scale:g}: database {settings.DATABASES['default']['NAME']}")
    generation = prepare(city, options.reuse)
    sessions = sessions_for(city, {s.role for s in scenarios})
    pg_version = database.server_version()
    connections.close_all()
    load_before = os.getloadavg()
    log(
        "  load average before: "
        + ", ".join(f"{x:.2f}" for x in load_before)
        + f" on {os.cpu_count()} cores (other work on the machine skews the timings)"
    )
    with Gunicorn(options.workers, workdir) as server:
        log(f"  gunicorn on 127.0.0.1:{server.port}, {options.workers} workers; driving:")
        results = []
        for job in build_jobs(city, scenarios, sessions, options):
            if not options.py_spy:
                results += run_client(server.port, [job], workdir)
                continue
            # Warm up first, then sample only the measured seconds.
            run_client(server.port, [{**job, "duration": job["warmup"], "warmup": 0}], workdir)
            name = f"sf{scale:g}-{job['id'].replace('*', '_')}-x{job['connections']}.txt"
            with profile.Recording(server.proc.pid, job["duration"], Path(options.py_spy) / name):
                results += run_client(server.port, [{**job, "warmup": 0}], workdir)
        errlog = server.log_tail()
    by_key = {s.key: s for s in scenarios}
    derive(results, by_key)
    rls = []
    if options.rls_cost:
        with Gunicorn(options.workers, workdir, as_owner=True) as server:
            log("  again with row-level security bypassed (the owner's connection):")
            bypassed = []
            for job in build_jobs(city, scenarios, sessions, options):
                bypassed += run_client(server.port, [job], workdir)
        rls = rls_cost(results, bypassed)
    mail_results = []
    if mail_scenarios:  # with the web server stopped: the workers have the machine
        log("  mail workers on the mail queue, an SMTP sink on 127.0.0.1; fanning out:")
        mail_results = mail.run(
            city,
            mail_scenarios,
            options.connections,
            min(mail.MAILS, options.max_requests),
            workdir,
            log,
        )
    imported = None
    if options.import_rows:
        log(f"  importing a members sheet of {options.import_rows:,} rows (bench/sheet_import.py)")
        imported = sheet_import.measure(city, options.import_rows)
    return {
        "scale": scale,
        "database": settings.DATABASES["default"]["NAME"],
        "postgresql": pg_version,
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "generation": generation,
        "results": results,
        "mail": mail_results,
        "imports": imported,
        "gunicorn_log_tail": errlog,
        "rls_cost": rls,
    }


RLS_COST_TARGET = 5  # per cent


def rls_cost(with_policies, bypassed):
    """What the row-level-security policies cost each page: p50 with them (the app's role)
    against p50 without (the owner's connection, which bypasses them), same data, same
    queries."""
    without = {(r["id"], r["connections"]): r for r in bypassed}
    rows = []
    for r in with_policies:
        other = without.get((r["id"], r["connections"]))
        if not other or not r["p50_ms"] or not other["p50_ms"]:
            continue
        cost = round((r["p50_ms"] / other["p50_ms"] - 1) * 100, 1)
        rows.append(
            {
                "id": r["id"],
                "connections": r["connections"],
                "p50_ms": r["p50_ms"],
                "p50_ms_without_rls": other["p50_ms"],
                "cost_percent": cost,
                "within_target": cost <= RLS_COST_TARGET,
            }
        )
    return rows


def rls_table(rows):
    out = [f"scenario | conn | p50 ms | p50 ms without RLS | cost % (target <= {RLS_COST_TARGET})"]
    for r in rows:
        out.append(
            f"{r['id']} | {r['connections']} | {r['p50_ms']} | {r['p50_ms_without_rls']} | "
            f"{r['cost_percent']} ({'ok' if r['within_target'] else 'over'})"
        )
    return "\n".join(out)


def derive(results, by_key):
    """Add title, R, peak memory and the targets to each client result."""
    floor = {r["connections"]: r for r in results if by_key[r["id"]].floor}
    for r in results:
        scenario = by_key[r["id"]]
        r["title"] = scenario.title
        r["note"] = scenario.note
        r["peak_mb_per_worker"] = max(r["peak_mb_by_worker"].values(), default=None)
        base = floor.get(r["connections"])
        measured = r["p50_ms"] is not None and r["sql_ms_per_request"] is not None
        if base and base["p50_ms"] and measured:
            r["R"] = round(r["p50_ms"] / (base["p50_ms"] + r["sql_ms_per_request"]), 2)
        else:
            r["R"] = None
        targets = {}
        if scenario.target_p50_ms is not None:
            targets["p50_ms"] = [scenario.target_p50_ms, _le(r["p50_ms"], scenario.target_p50_ms)]
        if scenario.target_p95_ms is not None:
            targets["p95_ms"] = [scenario.target_p95_ms, _le(r["p95_ms"], scenario.target_p95_ms)]
        if scenario.target_ttfb_ms is not None:
            targets["ttfb_ms"] = [
                scenario.target_ttfb_ms,
                _le(r.get("ttfb_p50_ms"), scenario.target_ttfb_ms),
            ]
        if not scenario.floor and scenario.page:
            targets["R"] = [R_TARGET, _le(r["R"], R_TARGET)]
        targets["peak_mb"] = [PEAK_MB_TARGET, _le(r["peak_mb_per_worker"], PEAK_MB_TARGET)]
        r["targets"] = targets


def _le(value, limit):
    return value is not None and value <= limit


def flatness(run1, run5):
    rows = []
    five = {(r["id"], r["connections"]): r for r in run5["results"]}
    for r in run1["results"]:
        other = five.get((r["id"], r["connections"]))
        if not other or not r["p50_ms"] or other["p50_ms"] is None:
            continue
        ratio = round(other["p50_ms"] / r["p50_ms"], 2)
        rows.append(
            {
                "id": r["id"],
                "connections": r["connections"],
                "p50_ms_low": r["p50_ms"],
                "p50_ms_high": other["p50_ms"],
                "flatness": ratio,
                "flat": ratio <= FLATNESS_TARGET,
                "queries_low": r["queries_per_request"],
                "queries_high": other["queries_per_request"],
                "same_queries": r["queries_per_request"] == other["queries_per_request"],
            }
        )
    return rows


# --- report ---------------------------------------------------------------------------------


def machine():
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    try:
        mem_gb = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    except (ValueError, OSError):
        pass
    import gunicorn

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": mem_gb,
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "database_server": (
            "DATABASE_URL" if os.environ.get("DATABASE_URL") else "embedded (pgserver)"
        ),
    }


def _fmt(value, digits=2):
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def table(run):
    head = [
        "scenario",
        "conn",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "TTFB ms",
        "req/s",
        "q/req",
        "SQL ms",
        "peak MB",
        "R",
        "targets",
        "errors",
    ]
    lines = []
    for r in run["results"]:
        missed = [k for k, (_limit, met) in r["targets"].items() if not met]
        lines.append(
            [
                r["id"],
                str(r["connections"]),
                _fmt(r["p50_ms"]),
                _fmt(r["p95_ms"]),
                _fmt(r["p99_ms"]),
                _fmt(r.get("ttfb_p50_ms")),
                _fmt(r["rps"], 0),
                _fmt(r["queries_per_request"], 1),
                _fmt(r["sql_ms_per_request"]),
                _fmt(r["peak_mb_per_worker"], 0),
                _fmt(r["R"]),
                "met" if not missed else "missed: " + ",".join(missed),
                str(r["errors"]),
            ]
        )
    return _draw(head, lines)


def mail_table(run):
    return _draw(*mail.table_rows(run["mail"]))


def _draw(head, lines):
    widths = [max(len(row[i]) for row in [head, *lines]) for i in range(len(head))]
    out = [
        " | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)),
        "-|-".join("-" * w for w in widths),
    ]
    out += [" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in lines]
    return "\n".join(out)


def flatness_table(rows):
    out = ["scenario | conn | p50 low | p50 high | flatness | q/req low | q/req high"]
    for f in rows:
        out.append(
            f"{f['id']} | {f['connections']} | {f['p50_ms_low']} | {f['p50_ms_high']} | "
            f"{f['flatness']} ({'ok' if f['flat'] else 'over ' + str(FLATNESS_TARGET)}) | "
            f"{f['queries_low']} | {f['queries_high']}"
        )
    return "\n".join(out)


def run(options: Options):
    if settings.SETTINGS_MODULE != "config.settings.bench":
        raise RuntimeError("the harness runs under config.settings.bench")
    scenarios = select(options.scenarios)
    mail_scenarios = select_mail(options.scenarios)
    started = datetime.datetime.now(datetime.UTC)
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    call_command("collectstatic", interactive=False, verbosity=0)
    report = {
        "started": started.isoformat(timespec="seconds"),
        "machine": machine(),
        "options": {
            "scale": options.scale,
            "sf5": options.sf5,
            "connections": list(options.connections),
            "duration_s": options.duration,
            "warmup_s": options.warmup,
            "max_requests": options.max_requests,
            "gunicorn_workers": options.workers,
            "rls_cost": options.rls_cost,
            "import_rows": options.import_rows,
        },
        "scenarios": [s.key for s in [*scenarios, *mail_scenarios]],
        "runs": [],
        "flatness": [],
    }
    scales = [options.scale] + ([options.scale * 5] if options.sf5 else [])
    # One database per scale factor, so --reuse keeps both: byrum_bench, byrum_bench_x5.
    base = settings.DATABASES["default"]["NAME"]
    names = [base] + ([f"{base}_x5"] if options.sf5 else [])
    try:
        with tempfile.TemporaryDirectory(prefix="byrum-bench-") as workdir:
            for scale, name in zip(scales, names, strict=True):
                database.use(name)
                try:
                    report["runs"].append(
                        run_at(scale, scenarios, options, workdir, mail_scenarios)
                    )
                finally:
                    if options.drop:
                        database.drop()
                log("")
                log(table(report["runs"][-1]))
                if report["runs"][-1]["rls_cost"]:
                    log("\nRow-level security's cost:")
                    log(rls_table(report["runs"][-1]["rls_cost"]))
                if report["runs"][-1]["mail"]:
                    log("")
                    log(mail_table(report["runs"][-1]))
                if report["runs"][-1]["imports"]:
                    log(sheet_import.summary(report["runs"][-1]["imports"]))
    finally:
        database.use(base)
    if options.sf5:
        report["flatness"] = flatness(report["runs"][0], report["runs"][1])
        log(
            f"\nScale flatness (p50 at {scales[1]:g} / p50 at {scales[0]:g}, "
            f"target <= {FLATNESS_TARGET}):"
        )
        log(flatness_table(report["flatness"]))
    if options.json_path:
        path = Path(options.json_path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report, indent=2, ensure_ascii=False))
        log(f"JSON: {path}")
    return report
