"""The benchmark's own database: dropped, created and migrated on the configured server.

Runs under config.settings.bench, whose database name always starts with ``byrum_bench``;
the functions here refuse any other name, so the development database is never touched.
"""

import psycopg
from django.conf import settings
from django.core.management import call_command
from django.db import connections

from byrum import db_roles


def _params():
    """The bench database's name, and how to reach the server as the owner role (which may
    create databases; the application's role may not)."""
    db = settings.DATABASES["default"]
    name = db["NAME"]
    if not name.startswith("byrum_bench"):
        raise RuntimeError(f"refusing to touch database {name!r}: not a byrum_bench database")
    owner = db_roles.owner_settings() or db
    return name, {
        "host": owner.get("HOST") or db.get("HOST") or None,
        "port": owner.get("PORT") or db.get("PORT") or None,
        "user": owner.get("USER") or None,
        "password": owner.get("PASSWORD") or None,
    }


def _maintenance(sql):
    """Run one statement on the server's maintenance database (outside any transaction)."""
    _name, params = _params()
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(sql)


def use(name):
    """Switch this process to the bench database ``name`` (one per scale factor)."""
    if not name.startswith("byrum_bench"):
        raise RuntimeError(f"refusing to use database {name!r}: not a byrum_bench database")
    connections.close_all()
    settings.DATABASES["default"]["NAME"] = name


def exists():
    name, params = _params()
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return found is not None


def recreate():
    """Drop the bench database (closing anything still connected to it) and create it empty."""
    name, _params_unused = _params()
    connections.close_all()
    _maintenance(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _maintenance(f'CREATE DATABASE "{name}"')


def drop():
    name, _params_unused = _params()
    connections.close_all()
    _maintenance(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def migrate():
    call_command("migrate", interactive=False, verbosity=0)  # as the owner (byrum's migrate)


def server_version():
    with connections["default"].cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]
