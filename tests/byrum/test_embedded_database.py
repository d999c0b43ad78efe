"""The embedded PostgreSQL (pgserver) when no DATABASE_URL is set: processes share one server,
and a process that died without cleaning up neither blocks nor keeps it."""

import json
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
    from config.embedded_db import embedded_database_settings
    db = embedded_database_settings(Path(sys.argv[1]))
    params = dict(host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"])
    with psycopg.connect(**params) as conn:
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
