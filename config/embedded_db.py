"""The embedded PostgreSQL that Byrum uses when no DATABASE_URL is given.

pgserver ships a real PostgreSQL in a wheel. Its data folder lives in the git-ignored
``.pgdata/`` beside manage.py. pgserver keeps a list of the processes that use the server
(guarded by an inter-process lock), so a test run and the dev server share one server:
whichever process comes first starts it, and the last one to leave stops it.

Importing the settings starts nothing: they describe the embedded database
(``app_settings``, ``owner_settings``) and the entry points (manage.py, config/wsgi.py,
config/asgi.py, the tests' conftest) call ``start_if_configured()``, which starts or joins the
server, creates the two roles and the database, and points the settings at the server's socket.

Two roles, as on every server Byrum uses (README, "Database roles"): ``byrum_owner`` owns the
tables and runs migrations; ``byrum_app`` is what the application connects as, neither owner
nor superuser. The embedded server trusts local connections, so neither has a password.

This module uses pgserver's private inter-process lock (``PostgresServer._lock``) and its
handle list file, so pyproject.toml pins pgserver to the version they were read from.
"""

import json
import os
import warnings
from pathlib import Path

DATABASE_NAME = "byrum"
APP_ROLE = "byrum_app"
OWNER_ROLE = "byrum_owner"
HANDLE_LIST = ".handle_pids.json"
# Databases that pytest and the benchmark drop and build again (LIKE patterns).
DISPOSABLE = ["test\\_%", "byrum\\_bench%"]
# Where the settings point until the server is started: a socket that does not exist, so a
# connection made without start_if_configured() fails instead of reaching another server.
NOT_STARTED = "not-started"


def _database(base_dir: Path, user: str) -> dict:
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": user,
        "PASSWORD": "",
        "HOST": str(base_dir / ".pgdata" / NOT_STARTED),
        "PORT": "5432",
    }


def app_settings(base_dir: Path) -> dict:
    """The DATABASES entry of the application's role (the server is not started here)."""
    return _database(base_dir, APP_ROLE)


def owner_settings(base_dir: Path) -> dict:
    """The connection settings of the owner role (the server is not started here)."""
    return _database(base_dir, OWNER_ROLE)


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


# Databases made before the two roles existed belong to the superuser: hand their objects to
# the owner role (tables take their sequences and indexes along).
_HAND_OVER = f"""
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relowner = 'postgres'::regrole
               AND c.relkind IN ('r', 'p', 'v', 'm') LOOP
        EXECUTE format('ALTER %s %s OWNER TO {OWNER_ROLE}',
            CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                 ELSE 'TABLE' END, r.name);
    END LOOP;
    FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p
             JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = 'public' AND p.proowner = 'postgres'::regrole LOOP
        EXECUTE format('ALTER ROUTINE %s OWNER TO {OWNER_ROLE}', r.name);
    END LOOP;
END $$;
"""


def prepare(host: str, port: str) -> None:
    """Create the roles and the database (owned by the owner role) when missing, as the
    embedded server's superuser. Idempotent, and one query when everything is in place."""
    import psycopg
    from psycopg import errors, sql

    superuser = {"host": host, "port": port, "user": "postgres", "autocommit": True}
    with psycopg.connect(dbname="postgres", **superuser) as conn:
        ready = conn.execute(
            "SELECT (SELECT count(*) FROM pg_roles WHERE rolname IN (%s, %s)) = 2"
            " AND EXISTS (SELECT 1 FROM pg_database WHERE datname = %s"
            "             AND datdba = (SELECT oid FROM pg_roles WHERE rolname = %s))"
            " AND NOT EXISTS (SELECT 1 FROM pg_database WHERE datname LIKE ANY (%s)"
            "                 AND datdba = 'postgres'::regrole)",
            [APP_ROLE, OWNER_ROLE, DATABASE_NAME, OWNER_ROLE, DISPOSABLE],
        ).fetchone()[0]
        if ready:
            return
        roles = {
            r
            for (r,) in conn.execute(
                "SELECT rolname FROM pg_roles WHERE rolname IN (%s, %s)", [APP_ROLE, OWNER_ROLE]
            )
        }
        try:
            if OWNER_ROLE not in roles:
                conn.execute(f"CREATE ROLE {OWNER_ROLE} LOGIN CREATEDB BYPASSRLS")
            if APP_ROLE not in roles:
                conn.execute(f"CREATE ROLE {APP_ROLE} LOGIN")
        except errors.DuplicateObject:
            pass  # another process created it a moment ago
        # The benchmark's generator loads without triggers (session_replication_role).
        conn.execute(f"GRANT SET ON PARAMETER session_replication_role TO {OWNER_ROLE}")
        owner = conn.execute(
            "SELECT datdba::regrole::text FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if owner is None:
            try:
                conn.execute(f"CREATE DATABASE {DATABASE_NAME} OWNER {OWNER_ROLE}")
            except errors.DuplicateDatabase:
                pass
        elif owner[0] != OWNER_ROLE:
            with psycopg.connect(dbname=DATABASE_NAME, **superuser) as db:
                db.execute(_HAND_OVER)
            conn.execute(f"ALTER DATABASE {DATABASE_NAME} OWNER TO {OWNER_ROLE}")
        # Test and benchmark databases from before the roles: they are built again.
        old_tests = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE ANY (%s)"
            " AND datdba = 'postgres'::regrole",
            [DISPOSABLE],
        ).fetchall()
        for (name,) in old_tests:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def start(base_dir: Path) -> tuple[str, str]:
    """Start (or join) the embedded server in ``base_dir/.pgdata``, make sure the roles and
    the database exist, and return the (host, port) to connect to."""
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
    host, port = str(info.socket_dir), str(info.port or 5432)
    with PostgresServer._lock:  # one process at a time creates roles and databases
        prepare(host, port)
    return host, port


def start_if_configured() -> None:
    """Called by the entry points: when the settings describe the embedded database (no
    DATABASE_URL), start or join it and point the settings' connections at it."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        embedded = getattr(settings, "EMBEDDED_DATABASE", False)
    except ImproperlyConfigured:
        return  # the command that runs next reports the broken settings in its own words
    if not embedded:
        return
    if not settings.DATABASES["default"]["HOST"].endswith(NOT_STARTED):
        return  # already started by this process
    host, port = start(Path(settings.BASE_DIR))
    for entry in (settings.DATABASES["default"], settings.DATABASE_OWNER):
        entry.update(HOST=host, PORT=port)
