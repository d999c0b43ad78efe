"""The two database roles: the owner, which migrates, and the application's role.

The application connects as ``DATABASE_APP_ROLE`` (DATABASE_URL), which owns nothing and is no
superuser, so PostgreSQL itself refuses it TRUNCATE, ALTER TABLE (and with it DISABLE TRIGGER),
``session_replication_role``, and whatever privilege it is not granted here. ``manage.py
migrate`` and ``flush`` (byrum/management/commands) and the benchmark's generator switch the
connection to the owner (DATABASE_OWNER_URL) with ``as_owner()``.

After every migrate the owner grants the application's role exactly what it needs
(``grant_app_privileges``, from post_migrate; also set as default privileges for tables and
sequences the owner creates later):

- SELECT, INSERT, UPDATE, DELETE on the tables, USAGE and SELECT on their sequences;
- on append-only tables (those with byrum.history's ``byrum_append_only`` trigger: history
  events, the access log) no UPDATE, and no DELETE where the trigger refuses deletes: the
  privilege refuses what the trigger refuses, so neither alone is the only lock;
- on ``pghistory_context`` UPDATE of ``metadata`` and ``updated_at`` only: pghistory upserts
  a transaction's context row (``INSERT ... ON CONFLICT (id) DO UPDATE SET metadata,
  updated_at``), and the append-only trigger lets that through only for a row of the same
  transaction;
- on the retention table and ``django_migrations`` SELECT only.

It also writes the retention periods (INCIDENT_RETENTION_MONTHS, ACCESS_LOG_RETENTION_MONTHS)
into ``byrum_retention``, which only the owner may change: the access log's delete trigger
and the incidents' erase function read them there, so the application cannot shorten them.
"""

import contextlib

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction

CREDENTIALS = ("USER", "PASSWORD", "HOST", "PORT")
APPEND_ONLY_TRIGGER = "byrum_append_only"  # byrum.history.TRIGGER
CONTEXT_TABLE = "pghistory_context"
READ_ONLY_TABLES = ("byrum_retention", "django_migrations")


def owner_settings() -> dict | None:
    """The owner's connection settings, or None where the application's role also owns the
    tables (DATABASE_URL without DATABASE_OWNER_URL: not recommended, see README)."""
    owner = getattr(settings, "DATABASE_OWNER", None)
    if not owner or owner.get("USER") == settings.DATABASE_APP_ROLE:
        return None
    return owner


def _switch(connection, values: dict) -> None:
    connection.close()
    connection.settings_dict.update(values)


def use_owner(alias: str = DEFAULT_DB_ALIAS) -> dict | None:
    """Make ``alias`` connect as the owner from now on; returns what to pass to
    ``use_app()`` to switch back (None when there is nothing to switch)."""
    owner = owner_settings()
    connection = connections[alias]
    if owner is None or connection.settings_dict.get("USER") == owner["USER"]:
        return None
    previous = {key: connection.settings_dict.get(key) for key in CREDENTIALS}
    _switch(connection, {key: owner.get(key) or previous[key] for key in CREDENTIALS})
    return previous


def use_app(previous: dict | None, alias: str = DEFAULT_DB_ALIAS) -> None:
    if previous is not None:
        _switch(connections[alias], previous)


@contextlib.contextmanager
def as_owner(alias: str = DEFAULT_DB_ALIAS):
    """Connect ``alias`` as the owner inside the block, as the application's role after it.
    The connection is closed on the way in and out, so no transaction may be open."""
    previous = use_owner(alias)
    try:
        yield
    finally:
        use_app(previous, alias)


def owner_connection(alias: str = DEFAULT_DB_ALIAS):
    """A separate psycopg connection (autocommit) as the owner to the database ``alias`` uses
    now (also a test database): for tests and tools that must act beside the app's own."""
    import psycopg

    db = connections[alias].settings_dict
    owner = owner_settings() or db
    return psycopg.connect(
        dbname=db["NAME"],
        user=owner.get("USER") or db.get("USER"),
        password=owner.get("PASSWORD") or db.get("PASSWORD") or None,
        host=owner.get("HOST") or db.get("HOST") or None,
        port=owner.get("PORT") or db.get("PORT") or None,
        autocommit=True,
    )


def retention_rows() -> list[tuple[str, int]]:
    return [
        ("incidents", settings.INCIDENT_RETENTION_MONTHS),
        ("access_log", settings.ACCESS_LOG_RETENTION_MONTHS),
    ]


def write_retention(cursor) -> None:
    for kind, months in retention_rows():
        cursor.execute(
            "INSERT INTO byrum_retention (kind, months) VALUES (%s, %s) "
            "ON CONFLICT (kind) DO UPDATE SET months = EXCLUDED.months",
            [kind, months],
        )


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def privilege_statements(cursor, app_role: str) -> list[str]:
    """The statements that give ``app_role`` exactly its privileges in the current database
    (run by the owner of the tables)."""
    app = _quote(app_role)
    statements = [
        f"GRANT USAGE ON SCHEMA public TO {app}",
        # Only the owner creates objects (PostgreSQL 15 and later say so already).
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {app}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app}",
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {app}",
    ]
    # Row triggers: tgtype bit 8 = DELETE, bit 16 = UPDATE.
    cursor.execute(
        "SELECT c.relname, bool_or(t.tgtype & 16 <> 0), bool_or(t.tgtype & 8 <> 0) "
        "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE t.tgname = %s AND n.nspname = 'public' GROUP BY c.relname ORDER BY c.relname",
        [APPEND_ONLY_TRIGGER],
    )
    for table, refuses_update, refuses_delete in cursor.fetchall():
        refused = [p for p, on in (("UPDATE", refuses_update), ("DELETE", refuses_delete)) if on]
        if refused:
            statements.append(f"REVOKE {', '.join(refused)} ON {_quote(table)} FROM {app}")
    statements.append(f"GRANT UPDATE (metadata, updated_at) ON {CONTEXT_TABLE} TO {app}")
    for table in READ_ONLY_TABLES:
        statements.append(f"REVOKE INSERT, UPDATE, DELETE ON {table} FROM {app}")
    return statements


def grant_app_privileges(alias: str = DEFAULT_DB_ALIAS) -> None:
    """After migrate (as the owner): the app role's privileges and the retention periods.
    Does nothing when the connection is the application's own role (no separate owner)."""
    app_role = settings.DATABASE_APP_ROLE
    connection = connections[alias]
    # One transaction: a running app never sees the moment between REVOKE and GRANT.
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        cursor.execute("SELECT current_user, to_regclass('byrum_retention') IS NOT NULL")
        current, has_retention = cursor.fetchone()
        if has_retention:
            write_retention(cursor)
        if not app_role or current == app_role:
            return
        for statement in privilege_statements(cursor, app_role):
            cursor.execute(statement)
