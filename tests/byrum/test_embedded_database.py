"""The embedded PostgreSQL (pgserver) when no DATABASE_URL is set: importing the settings starts
nothing; processes share one server, and a process that died without cleaning up neither blocks
nor keeps it; the server has the owner and the app role, and the owner owns the database."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# A process that joins the embedded server in BASE, runs a query, and waits for a line on
# stdin before leaving (so two of them overlap).
JOIN = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import psycopg
    sys.path.insert(0, {root!r})
    from config.embedded_db import APP_ROLE, DATABASE_NAME, start
    host, port = start(Path(sys.argv[1]))
    with psycopg.connect(host=host, port=port, user=APP_ROLE, dbname=DATABASE_NAME) as conn:
        print(conn.execute("SELECT 41 + 1").fetchone()[0], flush=True)
    sys.stdin.readline()
    """
).format(root=str(ROOT))


@pytest.fixture
def base():
    """A folder of its own, outside pytest's tmp tree: concurrent pytest sessions prune that
    tree, and pgserver changes the permissions of the folders above its data folder."""
    path = Path(tempfile.mkdtemp(prefix="byrum-pgserver-test-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _join(base):
    return subprocess.Popen(
        [sys.executable, "-c", JOIN, str(base)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _server_running(base):
    pid_file = base / ".pgdata" / "postmaster.pid"
    return pid_file.exists()


def test_two_processes_share_one_server_and_the_last_one_stops_it(base):
    first = _join(base)
    assert first.stdout.readline().strip() == "42", first.stderr.read()
    second = _join(base)
    assert second.stdout.readline().strip() == "42", second.stderr.read()
    pids = json.loads((base / ".pgdata" / ".handle_pids.json").read_text())
    assert {first.pid, second.pid} <= set(pids)

    first.communicate("\n", timeout=30)
    assert _server_running(base), "the server stopped while a process still used it"
    second.communicate("\n", timeout=30)
    assert not _server_running(base), "the last process left the server running"


def test_a_killed_process_does_not_block_the_next_start(base):
    crashed = _join(base)
    assert crashed.stdout.readline().strip() == "42"
    crashed.kill()  # no atexit: its pid stays in pgserver's list
    crashed.wait()
    handles = base / ".pgdata" / ".handle_pids.json"
    handles.write_text("")  # and a half-written list, as a kill mid-write leaves it

    later = _join(base)
    assert later.stdout.readline().strip() == "42", later.stderr.read()
    assert json.loads(handles.read_text()) == [later.pid]
    later.communicate("\n", timeout=30)
    assert not _server_running(base)


# Starts the server in BASE, then, as its superuser, makes the database look as it did before
# the two roles (owned by the superuser, with a table of its own and an old test database),
# and prepares again: everything is handed to the owner, the old test database is dropped.
ROLES = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import psycopg
    sys.path.insert(0, {root!r})
    from config import embedded_db as e
    host, port = e.start(Path(sys.argv[1]))
    su = dict(host=host, port=port, user="postgres", autocommit=True)
    with psycopg.connect(dbname="postgres", **su) as conn:
        conn.execute("ALTER DATABASE byrum OWNER TO postgres")
        conn.execute("CREATE DATABASE test_byrum_old")
    with psycopg.connect(dbname="byrum", **su) as conn:
        conn.execute("CREATE TABLE old_table (id bigint GENERATED ALWAYS AS IDENTITY)")
    e.prepare(host, port)
    with psycopg.connect(dbname="byrum", host=host, port=port, user=e.APP_ROLE) as conn:
        print(conn.execute(
            "SELECT r.rolsuper, r.rolbypassrls, d.datdba::regrole::text,"
            " (SELECT tableowner FROM pg_tables WHERE tablename = 'old_table'),"
            " (SELECT count(*) FROM pg_database WHERE datname = 'test_byrum_old'),"
            " (SELECT rolbypassrls FROM pg_roles WHERE rolname = %s)"
            " FROM pg_roles r, pg_database d"
            " WHERE r.rolname = current_user AND d.datname = current_database()",
            [e.OWNER_ROLE],
        ).fetchone(), flush=True)
    """
).format(root=str(ROOT))


def test_the_server_has_an_owner_and_an_app_role_and_hands_old_databases_over(base):
    result = subprocess.run(
        [sys.executable, "-c", ROLES, str(base)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    # The app role: no superuser, no BYPASSRLS; the owner owns the database and the old
    # table; the superuser's old test database is gone; the owner bypasses row security.
    assert result.stdout.strip() == "(False, False, 'byrum_owner', 'byrum_owner', 0, True)"
    assert not _server_running(base)


def test_importing_the_settings_starts_nothing(tmp_path):
    script = (
        "import sys, django\n"
        "from django.conf import settings\n"
        "django.setup()\n"
        "print('pgserver' in sys.modules, settings.DATABASES['default']['HOST'])\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_OWNER_URL")}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", str(ROOT / ".pgdata" / "not-started")]
