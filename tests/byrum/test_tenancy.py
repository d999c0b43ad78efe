"""Row-level security, the second lock (byrum/tenancy.py), proved on a probe table that the
owner creates here (the tenant tables' own: tests/test_tenancy.py): rows only of the
transaction's municipality, none without one, and a setting that never outlives its request,
command or job, also on a persistent connection. No test municipality is set here
(``without_municipality``): these tests start from none."""

from unittest import mock

import pytest
from django.conf import settings
from django.db import DatabaseError, OperationalError, connection, transaction
from django.test import Client
from django.urls import reverse

from byrum import db_roles, tenancy

TABLE = "byrum_test_probe"

pytestmark = pytest.mark.without_municipality


@pytest.fixture(scope="module")
def probe_table(django_db_setup):
    """Made by the owner as a migration would: default privileges give the app its rights."""
    with db_roles.owner_connection() as conn:
        conn.execute(f"DROP TABLE IF EXISTS {TABLE}")
        conn.execute(
            f"CREATE TABLE {TABLE} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
            "municipality_id bigint NOT NULL, note text NOT NULL)"
        )
        for statement in tenancy.row_level_security(TABLE).sql:
            conn.execute(statement)
        conn.execute(
            f"INSERT INTO {TABLE} (municipality_id, note) "
            "VALUES (1, 'aalborg-1'), (1, 'aalborg-2'), (2, 'aarhus-1')"
        )
    yield TABLE
    with db_roles.owner_connection() as conn:
        conn.execute(f"DROP TABLE {TABLE}")


def notes():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT note FROM {TABLE} ORDER BY note")
        return [note for (note,) in cursor.fetchall()]


def refused(sql, params=None) -> str:
    with pytest.raises(DatabaseError) as error:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    return str(error.value)


@pytest.mark.django_db
def test_without_a_municipality_no_row_is_visible(probe_table):
    assert notes() == []
    assert tenancy.current() is None


@pytest.mark.django_db
def test_a_municipality_sees_only_its_own_rows(probe_table):
    with tenancy.municipality(1):
        assert notes() == ["aalborg-1", "aalborg-2"]
    with tenancy.municipality(2):
        assert notes() == ["aarhus-1"]


@pytest.mark.django_db
def test_another_municipalitys_rows_cannot_be_written(probe_table):
    with tenancy.municipality(1):
        assert "row-level security" in refused(
            f"INSERT INTO {TABLE} (municipality_id, note) VALUES (2, 'planted')"
        )
        assert "row-level security" in refused(
            f"UPDATE {TABLE} SET municipality_id = 2 WHERE note = 'aalborg-1'"
        )
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE} WHERE municipality_id = 2")
            assert cursor.rowcount == 0
            cursor.execute(f"INSERT INTO {TABLE} (municipality_id, note) VALUES (1, 'ny')")
        assert notes() == ["aalborg-1", "aalborg-2", "ny"]


@pytest.mark.django_db
def test_a_nested_block_gives_the_outer_municipality_back(probe_table):
    with tenancy.municipality(1):
        with tenancy.municipality(2):
            assert notes() == ["aarhus-1"]
        assert tenancy.current() == 1
    with transaction.atomic():
        with pytest.raises(ZeroDivisionError), tenancy.municipality(2):
            raise ZeroDivisionError
        assert tenancy.current() is None


@pytest.mark.django_db(transaction=True)
def test_a_command_or_jobs_setting_ends_with_its_transaction(probe_table):
    with pytest.raises(RuntimeError):
        tenancy.activate(1)  # autocommit: it would vanish at once
    with tenancy.municipality(1):
        assert notes() == ["aalborg-1", "aalborg-2"]
    assert tenancy.current() is None
    assert notes() == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.urls("tests.byrum.tenancy_urls")
def test_the_setting_never_leaks_from_one_request_to_the_next(probe_table, monkeypatch):
    """The full middleware, one persistent connection (the same backend for every request,
    as with CONN_MAX_AGE): each request sees its own municipality's rows and nothing else."""
    monkeypatch.setattr(
        tenancy, "municipality_for", lambda request: request.headers.get("X-Municipality")
    )
    client = Client(raise_request_exception=False)

    def get(municipality=None, **query):
        headers = {"X-Municipality": municipality} if municipality else {}
        return client.get("/probe/", query, headers=headers)

    first = get("1").json()
    assert (first["municipality"], first["notes"]) == (1, ["aalborg-1", "aalborg-2"])
    after = get().json()
    assert (after["municipality"], after["notes"]) == (None, [])
    assert get("1", fail="yes").status_code == 500  # a request that fails midway ...
    after_failure = get().json()  # ... leaves nothing behind either
    assert (after_failure["municipality"], after_failure["notes"]) == (None, [])
    assert get("2").json()["notes"] == ["aarhus-1"]
    backends = {first["backend"], after["backend"], after_failure["backend"]}
    assert len(backends) == 1, "the requests did not share one connection"


@pytest.mark.django_db(transaction=True)
@pytest.mark.urls("tests.byrum.tenancy_urls")
def test_a_view_that_fails_leaves_nothing_behind(probe_table, monkeypatch):
    """The middleware is the request's transaction, as ATOMIC_REQUESTS was."""
    monkeypatch.setattr(tenancy, "municipality_for", lambda request: 1)
    client = Client(raise_request_exception=False)
    assert client.get("/write-then-fail/").status_code == 500
    with tenancy.municipality(1):
        assert notes() == ["aalborg-1", "aalborg-2"]


def test_the_middleware_runs_right_after_authentication():
    middleware = settings.MIDDLEWARE
    auth = middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    assert middleware[auth + 1] == "byrum.tenancy.TenantMiddleware"
    # It opens the transaction; ATOMIC_REQUESTS would open another, too late, at the view.
    assert not settings.DATABASES["default"]["ATOMIC_REQUESTS"]


@pytest.mark.django_db
def test_healthz_still_answers_503_when_the_database_is_down(client):
    with (
        mock.patch("byrum.tenancy.connection") as tenancy_connection,
        mock.patch("byrum.views.connection") as view_connection,
    ):
        tenancy_connection.ensure_connection.side_effect = OperationalError("refused")
        view_connection.cursor.side_effect = OperationalError("refused")
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
