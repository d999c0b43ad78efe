"""What the application's database role may not do (README, "Database roles"): each statement
refused by PostgreSQL itself, with the app's own connection, as the tests use it."""

import datetime

import pghistory
import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from byrum.history import event_tables
from byrum.models import AccessLog
from incidents.models import Incident, IncidentEvent
from tests.incidents.factories import IncidentFactory

pytestmark = pytest.mark.django_db


def refused(sql, params=None) -> str:
    """Run ``sql`` in a savepoint; the error PostgreSQL refused it with."""
    with pytest.raises(DatabaseError) as error:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    return str(error.value)


def one(sql, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


@pytest.fixture
def incident(db):
    """An incident with history: an insert event (and its context row)."""
    with pghistory.context(user=None, url="/incidents/new/"):
        return IncidentFactory(description="Råb ved bænkene")


def test_the_app_is_neither_owner_nor_superuser():
    role, superuser, bypass_rls, create_db = one(
        "SELECT rolname, rolsuper, rolbypassrls, rolcreatedb FROM pg_roles "
        "WHERE rolname = current_user"
    )
    assert role == settings.DATABASE_APP_ROLE
    assert not (superuser or bypass_rls or create_db)
    assert one(
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) = current_user"
    ) == (0,)
    assert one("SELECT has_schema_privilege('public', 'CREATE')") == (False,)


def test_truncate_is_refused(incident):
    assert "permission denied" in refused("TRUNCATE incidents_incidentevent")


def test_alter_table_is_refused():
    assert "must be owner" in refused("ALTER TABLE incidents_incident ADD COLUMN note2 text")


def test_disable_trigger_is_refused():
    assert "must be owner" in refused("ALTER TABLE incidents_incidentevent DISABLE TRIGGER USER")


def test_changing_session_replication_role_is_refused():
    assert "permission denied to set parameter" in refused("SET session_replication_role = replica")


@pytest.mark.parametrize("table", event_tables())
def test_updating_history_events_is_refused(table):
    assert "permission denied" in refused(f'UPDATE "{table}" SET pgh_label = pgh_label')


@pytest.mark.parametrize("table", event_tables())
def test_deleting_history_events_is_refused(table):
    assert "permission denied" in refused(f'DELETE FROM "{table}"')


def test_deleting_history_context_rows_is_refused(incident):
    assert "permission denied" in refused("DELETE FROM pghistory_context")


def test_updating_an_earlier_transactions_context_row_is_refused():
    # A context row written by an earlier transaction (created_at in the past).
    (context_id,) = one(
        "INSERT INTO pghistory_context (id, metadata, created_at, updated_at) "
        "VALUES (gen_random_uuid(), '{\"user\": 1}', now() - interval '1 day', "
        "now() - interval '1 day') RETURNING id"
    )
    assert "append-only" in refused(
        "UPDATE pghistory_context SET metadata = '{\"user\": 2}' WHERE id = %s", [context_id]
    )
    assert "permission denied" in refused(
        "UPDATE pghistory_context SET created_at = now() WHERE id = %s", [context_id]
    )


def test_pghistory_still_adds_to_its_context_within_a_transaction():
    """pghistory upserts the transaction's context row (INSERT ... ON CONFLICT DO UPDATE):
    the app role may update metadata of its own transaction's row."""
    with transaction.atomic(), pghistory.context(url="/incidents/new/"):
        incident = IncidentFactory()
        pghistory.context(user=7)
        Incident.objects.filter(pk=incident.pk).update(people_involved=5)
    contexts = {
        e.pgh_context.metadata["url"]: e.pgh_context.metadata
        for e in IncidentEvent.objects.filter(pgh_obj_id=incident.pk)
    }
    assert contexts == {"/incidents/new/": {"url": "/incidents/new/", "user": 7}}


def test_deleting_young_access_log_rows_is_refused():
    young = AccessLog.objects.create(
        username="a", action="viewed", at=timezone.now() - datetime.timedelta(days=150)
    )
    with pytest.raises(DatabaseError, match="younger than 6 months"):
        with transaction.atomic():
            AccessLog.objects.filter(pk=young.pk).delete()
    assert AccessLog.objects.filter(pk=young.pk).exists()


def test_a_temporary_table_cannot_shorten_the_access_log_retention():
    young = AccessLog.objects.create(username="a", action="viewed")
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE byrum_retention AS SELECT 'access_log' AS kind, 1 AS months"
        )
    assert "younger than 6 months" in refused(
        "DELETE FROM byrum_accesslog WHERE id = %s", [young.pk]
    )


def test_changing_the_retention_periods_is_refused():
    assert "permission denied" in refused("UPDATE byrum_retention SET months = 1")
    assert "permission denied" in refused("DELETE FROM byrum_retention")


def test_changing_access_log_rows_is_refused():
    row = AccessLog.objects.create(username="a", action="viewed")
    assert "permission denied" in refused(
        "UPDATE byrum_accesslog SET username = 'b' WHERE id = %s", [row.pk]
    )


def test_erasing_an_incident_events_text_directly_is_refused(incident):
    assert "permission denied" in refused(
        "UPDATE incidents_incidentevent SET description = '' WHERE pgh_obj_id = %s",
        [incident.pk],
    )


def test_erasing_a_young_incidents_history_is_refused(incident):
    """The retention's erase function checks the incident's own age (24 months here)."""
    almost = IncidentFactory(occurred_at=timezone.now() - datetime.timedelta(days=30 * 23))
    message = refused("SELECT incidents_erase_history(%s::bigint[])", [[incident.pk, almost.pk]])
    assert "is not past the retention period (24 months)" in message
    assert IncidentEvent.objects.filter(
        pgh_obj_id=incident.pk, description="Råb ved bænkene"
    ).exists()


def test_erasing_a_deleted_young_incidents_history_is_refused(incident):
    pk = incident.pk
    incident.delete()  # the history is all that is left; its newest time counts
    assert "is not past the retention period" in refused(
        "SELECT incidents_erase_history(%s::bigint[])", [[pk]]
    )


def test_an_old_incidents_history_is_erased_through_the_function():
    old = IncidentFactory(
        occurred_at=timezone.now() - datetime.timedelta(days=30 * 25), description="Gammel"
    )
    assert one("SELECT incidents_erase_history(%s::bigint[])", [[old.pk]]) == (1,)
    event = IncidentEvent.objects.get(pgh_obj_id=old.pk)
    assert (event.description, event.occurred_at) == ("", old.occurred_at)
