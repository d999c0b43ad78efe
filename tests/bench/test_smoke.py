"""CI smoke test: the whole harness, end to end, at a tiny scale factor.

Runs ``manage.py bench`` as it is documented (its own database on the server the tests use:
the embedded PostgreSQL, or DATABASE_URL's), with very short measurements, and checks the
JSON report: every scenario at every connection count answered, with the app's counters,
every mail of the mail scenarios reached the SMTP sink once, and the import's rows per second
measured. Then once more with --reuse and --drop. No timing is asserted: speed is the
benchmark's business, not the test suite's.
"""

import json
import os
import subprocess
import sys
import uuid

from django.conf import settings

from bench.scenarios import MAIL_SCENARIOS, SCENARIOS

BENCH = [
    sys.executable,
    "manage.py",
    "bench",
    "--scale",
    "0.001",
    "--duration",
    "0.5",
    "--warmup",
    "0.2",
    "--max-requests",
    "200",
]


# Migrating the fresh bench database alone took over 300 s on a loaded two-core machine.
def _run(args, env, timeout=600):
    return subprocess.run(
        args, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=timeout
    )


def _in_bench_process(env, code):
    """Run ``code`` in a process with the bench settings (the test's own are different),
    started as an entry point would (the embedded server when there is no DATABASE_URL)."""
    setup = (
        "import django; django.setup(); "
        "from config.embedded_db import start_if_configured; start_if_configured()"
    )
    return _run([sys.executable, "-c", f"{setup}\n{code}"], env, 120)


def test_the_harness_runs_end_to_end_at_a_tiny_scale(tmp_path):
    database = f"byrum_bench_smoke_{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "BENCH_DATABASE_NAME": database,
    }
    try:
        _run_twice(tmp_path, env, database)
    finally:  # whatever happened, leave no database behind
        _in_bench_process(env, "from bench import database; database.drop()")


def _run_twice(tmp_path, env, database):
    out = tmp_path / "bench.json"
    # (The mail scenarios start worker processes at 1 and at 4 workers: more time.)
    result = _run(
        [*BENCH, "--connections", "1,4", "--import-rows", "300", "--json", str(out)],
        env,
        timeout=420,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "scenario | conn | p50 ms" in result.stdout  # the table
    assert "reusing" not in result.stdout

    report = json.loads(out.read_text())
    (run,) = report["runs"]
    assert run["scale"] == 0.001
    assert run["database"] == database
    assert run["generation"]["tables"]["places_place"] >= 1
    measured = {(r["id"], r["connections"]) for r in run["results"]}
    assert measured == {(s.key, c) for s in SCENARIOS for c in (1, 4)}
    # The searches of issue 18, the one with a selective filter included.
    assert {"S7", "S7typo", "S7filter", "S9"} <= {key for key, _ in measured}
    for r in run["results"]:
        where = f"{r['id']} x{r['connections']}: {r}"
        assert r["requests"] > 0, where
        assert r["errors"] == 0, where
        assert r["queries_per_request"] > 0, where
        assert r["sql_ms_per_request"] > 0, where
        assert r["p50_ms"] > 0 and r["p50_ms"] <= r["p95_ms"] <= r["p99_ms"], where
        assert r["rps"] > 0, where
        assert 0 < r["peak_mb_per_worker"] < 1000, where
        assert r["R"] is not None, where
    # The mail scenarios: every mail of the fan-out (--max-requests of them) sent by the
    # worker processes, once, at 1 and at 4 workers.
    assert "scenario | workers | mails | mails/s" in result.stdout
    assert {(m["id"], m["workers"]) for m in run["mail"]} == {
        (s.key, c) for s in MAIL_SCENARIOS for c in (1, 4)
    }
    for m in run["mail"]:
        where = f"{m['id']} x{m['workers']}: {m}"
        assert m["mails"] == m["received"] == 200, where
        assert m["errors"] == m["lost"] == m["sent_twice"] == m["failed_jobs"] == 0, where
        assert m["mails_per_s"] > 0 and 0 < m["first_ms"] <= m["p50_ms"] <= m["p99_ms"], where
        assert 0 < m["peak_mb_per_worker"] < 1000, where
    assert report["machine"]["cores"] >= 1
    tables = run["generation"]["tables"]
    for table in (
        "incidents_incident",
        "meetings_meeting",
        "meetings_agendaitem",
        "meetings_decision",
        "actionplan_actionitem",
        "actionplan_initiative",
        "incidents_smalljob",
        "incidents_caretakerplace",
    ):
        assert tables[table] >= 1, table
    # The generators insert with triggers (and so foreign-key checks) off: every reference
    # they computed must still point at a row, and at a row of the same municipality. Read
    # as the owner: row-level security would show the app's role no rows at all.
    # The import's rows per second: a members sheet checked and imported by the jobs' code.
    imported = run["imports"]
    assert imported["rows"] == 300 and imported["outcome"]["invalid"] == 0, imported
    for step in ("check", "import"):
        assert imported[f"{step}_rows_per_second"] > 0, imported
        assert imported[f"{step}_queries"] > 0, imported
    assert "Members sheet of 300 rows" in result.stdout
    checked = _in_bench_process(
        env,
        "from bench import generate\n"
        "from byrum.db_roles import as_owner\n"
        "from django.db import connection\n"
        "from tests.tenancy_checks import cross_municipality_references, rows_by_municipality\n"
        "with as_owner():\n"
        "    print(generate.dangling_references(connection))\n"
        "    with connection.cursor() as cursor:\n"
        "        print(cross_municipality_references(cursor))\n"
        "        print(len(rows_by_municipality(cursor)['incidents_incident']))\n",
    )
    assert checked.stdout.split("\n")[:3] == ["[]", "[]", "4"], checked.stdout + checked.stderr

    # Again with --reuse: the same data is kept, not generated again; --drop removes it.
    again = _run(
        [
            *BENCH,
            "--connections",
            "1",
            "--scenarios",
            "S0",
            "--import-rows",
            "0",
            "--reuse",
            "--drop",
            "--json",
            str(tmp_path / "again.json"),
        ],
        env,
    )
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    assert "reusing the data generated earlier today" in again.stdout
    (rerun,) = json.loads((tmp_path / "again.json").read_text())["runs"]
    assert rerun["generation"]["reused"] is True
    assert rerun["generation"]["tables"] == run["generation"]["tables"]
    assert [(r["id"], r["errors"]) for r in rerun["results"]] == [("S0", 0)]
    assert rerun["mail"] == []  # not asked for
    assert rerun["imports"] is None

    check = _in_bench_process(env, "from bench import database; print(database.exists())")
    assert check.stdout.strip() == "False", check.stdout + check.stderr
