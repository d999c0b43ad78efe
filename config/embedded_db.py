"""The embedded PostgreSQL that Byrum uses when no DATABASE_URL is given.

pgserver ships a real PostgreSQL in a wheel. Its data folder lives in the git-ignored
``.pgdata/`` beside manage.py. pgserver keeps a list of the processes that use the server
(guarded by an inter-process lock), so a test run and the dev server share one server:
whichever process comes first starts it, and the last one to leave stops it.
"""

import json
import os
import warnings
from pathlib import Path

DATABASE_NAME = "byrum"
HANDLE_LIST = ".handle_pids.json"


def _repair_handle_list(pgdata: Path) -> None:
    """Drop processes that died without saying goodbye (killed, or SIGTERM skips atexit) and
    an unreadable list, so a dead process neither keeps the server up nor breaks start-up."""
    import psutil

    path = pgdata / HANDLE_LIST
    if not path.exists():
        return
    try:
        pids = json.loads(path.read_text())
    except ValueError:
        pids = None
    alive = [pid for pid in pids or [] if psutil.pid_exists(pid)]
    if pids is None or alive != pids:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(alive))
        os.replace(tmp, path)


def embedded_database_settings(base_dir: Path) -> dict:
    """Start (or join) the embedded server and return a Django DATABASES entry for it."""
    # pgserver keeps its lock file in the user's runtime folder and warns when the
    # environment names none (root shells, CI); its /tmp fallback is fine.
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import pgserver  # imported here: production never needs it
    from pgserver.postgres_server import PostgresServer

    pgdata = base_dir / ".pgdata"
    pgdata.mkdir(exist_ok=True)
    with PostgresServer._lock:
        _repair_handle_list(pgdata)
    server = pgserver.get_server(pgdata, cleanup_mode="stop")
    info = server.get_postmaster_info()
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "(1 row)" not in exists:
        # Two processes may race here; the loser's CREATE fails harmlessly.
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": str(info.socket_dir),
        "PORT": str(info.port or 5432),
    }
