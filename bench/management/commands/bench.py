"""python manage.py bench: the benchmark harness of docs/performance.md."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

BENCH_SETTINGS = "config.settings.bench"


def _connections(value):
    try:
        counts = tuple(int(c) for c in value.split(",") if c.strip())
    except ValueError as exc:
        raise CommandError("--connections takes numbers separated by commas, e.g. 1,4") from exc
    if not counts or min(counts) < 1:
        raise CommandError("--connections needs at least one count of 1 or more")
    return counts


class Command(BaseCommand):
    help = (
        "Generate a deterministic city at a scale factor into the byrum_bench database, serve "
        "it with gunicorn and measure the main pages (docs/performance.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="scale factor (1 = a large city over ten years); default 1",
        )
        parser.add_argument(
            "--sf5",
            action="store_true",
            help="a second run at 5 x --scale, reporting scale flatness",
        )
        parser.add_argument(
            "--connections",
            default="1,4",
            help="concurrent connections, comma-separated; default 1,4",
        )
        parser.add_argument(
            "--duration",
            type=float,
            default=10.0,
            help="seconds measured per scenario and connection count; default 10",
        )
        parser.add_argument(
            "--warmup",
            type=float,
            default=2.0,
            help="seconds of warm-up before each measurement; default 2",
        )
        parser.add_argument(
            "--max-requests",
            type=int,
            default=100_000,
            help="stop a measurement after this many requests; default 100000",
        )
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers; default 2")
        parser.add_argument(
            "--scenarios",
            default="",
            help="only these scenario keys, comma-separated (the floor S0 always runs), e.g. S1,S6",
        )
        parser.add_argument(
            "--json",
            default=".benchmarks/bench.json",
            help="where to write the JSON report; default .benchmarks/bench.json",
        )
        parser.add_argument(
            "--database",
            default="",
            help="bench database name (must start with byrum_bench); default "
            "BENCH_DATABASE_NAME or byrum_bench",
        )
        parser.add_argument(
            "--py-spy",
            default="",
            metavar="DIR",
            help="sample the gunicorn workers with py-spy while each scenario "
            "is measured; stacks and a summary per scenario in DIR",
        )
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="keep the data in the bench database when it was generated "
            "today at the same scale by the same generator code",
        )
        parser.add_argument(
            "--rls-cost",
            action="store_true",
            help="run every scenario a second time with row-level security bypassed (the "
            "server connects as the owner role) and report what the policies cost",
        )
        parser.add_argument(
            "--import-rows",
            type=int,
            default=10_000,
            help="check and import a members sheet of this many rows and report rows per "
            "second (0: skip); default 10000",
        )
        parser.add_argument(
            "--drop",
            action="store_true",
            help="drop the bench database at the end (default: keep it)",
        )

    def handle(self, *args, **options):
        if options["database"] and not options["database"].startswith("byrum_bench"):
            raise CommandError("--database must start with byrum_bench: the harness drops it")
        if settings.SETTINGS_MODULE != BENCH_SETTINGS or (
            options["database"] and options["database"] != settings.DATABASES["default"]["NAME"]
        ):
            return self._rerun_under_bench_settings(options)
        from bench import runner

        json_path = Path(options["json"])
        if not json_path.is_absolute():
            json_path = Path(settings.BASE_DIR) / json_path
        try:
            runner.run(
                runner.Options(
                    scale=options["scale"],
                    sf5=options["sf5"],
                    connections=_connections(options["connections"]),
                    duration=options["duration"],
                    warmup=options["warmup"],
                    max_requests=options["max_requests"],
                    workers=options["workers"],
                    scenarios=tuple(
                        k.strip() for k in options["scenarios"].split(",") if k.strip()
                    ),
                    json_path=json_path,
                    drop=options["drop"],
                    reuse=options["reuse"],
                    rls_cost=options["rls_cost"],
                    import_rows=options["import_rows"],
                    py_spy=Path(options["py_spy"]) if options["py_spy"] else None,
                )
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc

    def _rerun_under_bench_settings(self, options):
        """The harness needs its own settings from the start (its database, middleware and
        secret key), so run this command again in a process that has them."""
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": BENCH_SETTINGS}
        if options["database"]:
            env["BENCH_DATABASE_NAME"] = options["database"]
        argv = (
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "bench", *sys.argv[2:]]
            if len(sys.argv) > 1 and sys.argv[1] == "bench"
            else None
        )
        if argv is None:
            raise CommandError(f"run this command with DJANGO_SETTINGS_MODULE={BENCH_SETTINGS}")
        result = subprocess.run(argv, env=env, cwd=settings.BASE_DIR)
        if result.returncode:
            raise CommandError(f"the benchmark failed (exit status {result.returncode})")
